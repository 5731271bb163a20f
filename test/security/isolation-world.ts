import { randomBytes } from 'node:crypto';
import { api, waitFor } from '@ops/testing';
import type { PlatformFixture } from '../platform.fixture.js';

/** Who calls, in the isolation matrix. */
export const callers = ['owner', 'admin', 'member', 'otherOrg', 'outsider', 'platformAdmin', 'anonymous'] as const;
export type Caller = (typeof callers)[number];

export interface Person {
  email: string;
  userId: string;
  token: string;
}

const password = 'SecurePass123!';

/**
 * The people of the matrix, made once per spec file, and a factory of fresh resources for each case: every
 * case gets its own organization (owner, admin and member added), so a DELETE in one case cannot change another.
 */
export class IsolationWorld {
  private constructor(
    private readonly f: PlatformFixture,
    readonly people: Record<Exclude<Caller, 'anonymous' | 'platformAdmin'> | 'recruit' | 'target', Person>,
    readonly receiverUrl: string,
  ) {}

  static async create(f: PlatformFixture, receiverUrl: string): Promise<IsolationWorld> {
    const names = ['owner', 'admin', 'member', 'otherOrg', 'outsider', 'recruit', 'target'] as const;
    const people = {} as IsolationWorld['people'];
    for (const name of names) people[name] = await register(f, `${name}-${randomBytes(4).toString('hex')}`);
    const world = new IsolationWorld(f, people, receiverUrl);
    await world.client(people.otherOrg.token).post('/api/v1/org', { name: 'Another organization', plan_tier: 'starter' });
    // The organization service hears of users from the stream: adding by email works once it has heard of all of them.
    const probe = await world.createOrg();
    await waitFor('every person to be known to the organization service', async () => {
      for (const who of ['recruit', 'target'] as const) {
        const res = await world
          .client(people.owner.token)
          .post(`/api/v1/org/${probe}/members`, { email: people[who].email, role: 'member' });
        if (res.status !== 201 && res.status !== 409) return null;
      }
      return true;
    });
    // Registration opens the owner's subscription from the stream as well.
    await waitFor("the owner's subscription", async () =>
      (await world.client(people.owner.token).get('/api/v1/subscriptions/me')).status === 200 ? true : null,
    );
    return world;
  }

  tokenOf(caller: Caller): string | undefined {
    if (caller === 'anonymous') return undefined;
    if (caller === 'platformAdmin') return this.f.adminToken;
    return this.people[caller].token;
  }

  /** Any path through the gateway, as a person. */
  client(token: string) {
    return api(this.f.platform.gateway.url, token);
  }

  /** A fresh organization: `owner` owns it, `admin` and `member` hold those roles. */
  async createOrg(): Promise<string> {
    const owner = this.client(this.people.owner.token);
    const orgId = await expectCreated(owner.post('/api/v1/org', { name: 'Isolated', plan_tier: 'professional' }), 'organization_id');
    await waitFor('the admin and the member to join', async () => {
      const admin = await owner.post(`/api/v1/org/${orgId}/members`, { email: this.people.admin.email, role: 'admin' });
      return admin.status === 201 ? true : null;
    });
    await expectCreated(owner.post(`/api/v1/org/${orgId}/members`, { email: this.people.member.email, role: 'member' }), 'user_id');
    return orgId;
  }

  async addTarget(orgId: string): Promise<string> {
    return expectCreated(
      this.client(this.people.owner.token).post(`/api/v1/org/${orgId}/members`, { email: this.people.target.email, role: 'member' }),
      'user_id',
    );
  }

  async createEndpoint(orgId: string): Promise<string> {
    return expectCreated(
      this.client(this.people.owner.token).post('/api/v1/webhooks', { url: this.receiverUrl, events: ['webhook.test'], org_id: orgId }),
      'id',
    );
  }

  /** A delivery of the endpoint: its test event, sent and logged. */
  async createDelivery(endpointId: string): Promise<string> {
    const res = await this.client(this.people.owner.token).post(`/api/v1/webhooks/${endpointId}/test`);
    if (res.status !== 200) throw new Error(`could not send a test delivery: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.delivery_id as string;
  }

  /** An event delivered to the endpoint (a test event, sent now): its id. */
  async createEvent(endpointId: string): Promise<string> {
    const res = await this.client(this.people.owner.token).post(`/api/v1/webhooks/${endpointId}/test`);
    if (res.status !== 200) throw new Error(`could not send a test event: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.event_id as string;
  }

  async createReplay(endpointId: string): Promise<string> {
    return expectCreated(
      this.client(this.people.owner.token).post('/api/v1/webhooks/replays', { from_seq: 1, endpoint_id: endpointId }),
      'id',
    );
  }

  async createDevice(orgId: string): Promise<string> {
    const body = { org_id: orgId, device_name: 'sensor', hardware_id: `hw-${randomBytes(6).toString('hex')}`, firmware_version: '1.0.0' };
    return expectCreated(this.client(this.people.owner.token).post('/api/v1/devices', body), 'device_id');
  }

  async createAlertRule(orgId: string): Promise<string> {
    const body = { org_id: orgId, name: 'hot', metric: 'temperature', operator: 'gt', threshold: 80 };
    return expectCreated(this.client(this.people.owner.token).post('/api/v1/devices/alert-rules', body), 'rule_id');
  }

  /** A user of no organization, for the platform admins' user routes. */
  async createUser(): Promise<string> {
    return (await register(this.f, `subject-${randomBytes(4).toString('hex')}`)).userId;
  }
}

async function register(f: PlatformFixture, name: string): Promise<Person> {
  const email = `${name}@example.com`;
  const created = await f.users.post('/auth/register', { email, password, name });
  if (created.status !== 201) throw new Error(`could not register ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await f.users.post('/auth/login/password', { email, password });
  return { email, userId: login.body.user.user_id as string, token: login.body.access_token as string };
}

async function expectCreated(response: Promise<{ status: number; body: any }>, idField: string): Promise<string> {
  const res = await response;
  if (res.status !== 201 && res.status !== 202) throw new Error(`setting up the matrix failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body[idField] as string;
}

/** An id of the same shape as a real one (prefix, UUID layout) that names nothing. */
export function madeUpLike(real: string): string {
  if (real.includes('@')) return `nobody-${randomBytes(4).toString('hex')}@example.com`;
  return real.slice(0, -12) + randomBytes(6).toString('hex');
}
