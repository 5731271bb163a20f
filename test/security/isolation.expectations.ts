import type { Caller, IsolationWorld } from './isolation-world.js';

/**
 * What each caller may do, from docs/api.md:
 * - allowed: passes access control: a 2xx, or a 409 where the resource's state refuses (a replay already
 *   completed cannot be paused); never 401, 403 or 404.
 * - forbidden: 403 OPS_ERR_FORBIDDEN: the caller may see the resource (or the route is for platform admins only).
 * - hidden: 404 OPS_ERR_NOT_FOUND, as if the resource did not exist.
 * - empty: 200 with `data: []`, as if the organization had nothing (lists filtered by `org_id`).
 * - unauthenticated: 401 OPS_ERR_UNAUTHENTICATED.
 */
export type Outcome = 'allowed' | 'forbidden' | 'hidden' | 'empty' | 'unauthenticated';

/** The outcome for each caller, and who may know the resource exists (the organization's people, the platform admin). */
export interface Rule {
  outcomes: Record<Caller, Outcome>;
  knownTo: readonly Caller[];
}

const organization: readonly Caller[] = ['owner', 'admin', 'member', 'platformAdmin'];

/**
 * The access rules the routes share, one row per rule (columns: the callers). For every caller not in `knownTo`,
 * a real id and a made-up one must answer alike: the answer must not tell whether the resource exists.
 */
export const rules = {
  //                               owner        admin        member       otherOrg     outsider     platformAdm  anonymous
  orgRead: { outcomes: row('allowed', 'allowed', 'allowed', 'hidden', 'hidden', 'allowed', 'unauthenticated'), knownTo: organization },
  orgManage: { outcomes: row('allowed', 'allowed', 'forbidden', 'hidden', 'hidden', 'allowed', 'unauthenticated'), knownTo: organization },
  orgOwn: { outcomes: row('allowed', 'forbidden', 'forbidden', 'hidden', 'hidden', 'allowed', 'unauthenticated'), knownTo: organization },
  orgCreateIn: {
    outcomes: row('allowed', 'allowed', 'forbidden', 'forbidden', 'forbidden', 'allowed', 'unauthenticated'),
    knownTo: organization,
  },
  orgList: { outcomes: row('allowed', 'allowed', 'allowed', 'empty', 'empty', 'allowed', 'unauthenticated'), knownTo: organization },
  platformAdmin: {
    outcomes: row('forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'allowed', 'unauthenticated'),
    knownTo: ['platformAdmin'],
  },
  selfOrAdmin: {
    outcomes: row('allowed', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'allowed', 'unauthenticated'),
    knownTo: ['owner', 'platformAdmin'],
  },
} satisfies Record<string, Rule>;

function row(
  owner: Outcome,
  admin: Outcome,
  member: Outcome,
  otherOrg: Outcome,
  outsider: Outcome,
  platformAdmin: Outcome,
  anonymous: Outcome,
) {
  return { owner, admin, member, otherOrg, outsider, platformAdmin, anonymous };
}

/** One route that names a resource: where the id goes, and a fresh resource (owned by `owner`) for each case. */
export interface IsolationCase {
  route: string;
  rule: Rule;
  /** Values of the path parameters (the last is the one the route is about), or of `query`/`body` ids. */
  target(world: IsolationWorld): Promise<Record<string, string>>;
  /** Where the id goes when it is not in the path. */
  idIn?: 'query' | 'body';
  body?(ids: Record<string, string>, world: IsolationWorld): unknown;
}

const inOrg = (make: (w: IsolationWorld, orgId: string) => Promise<string>) => async (w: IsolationWorld) => ({
  id: await make(w, await w.createOrg()),
});
const endpoint = inOrg((w, org) => w.createEndpoint(org));
const delivery = async (w: IsolationWorld) => {
  const id = await w.createEndpoint(await w.createOrg());
  return { id, deliveryId: await w.createDelivery(id) };
};
const event = async (w: IsolationWorld) => ({ eventId: await w.createEvent(await w.createEndpoint(await w.createOrg())) });
const replay = inOrg(async (w, org) => w.createReplay(await w.createEndpoint(org)));
const org = async (w: IsolationWorld) => ({ id: await w.createOrg() });
const member = async (w: IsolationWorld) => {
  const id = await w.createOrg();
  return { id, userId: await w.addTarget(id) };
};
const orgAsQuery = async (w: IsolationWorld) => ({ org_id: await w.createOrg() });

/** Every route that takes an id, from the services' OpenAPI documents (a test keeps this list complete). */
export const isolationCases: IsolationCase[] = [
  // Organizations
  { route: 'GET /api/v1/org/{id}', rule: rules.orgRead, target: org },
  { route: 'PATCH /api/v1/org/{id}', rule: rules.orgManage, target: org, body: () => ({ name: 'Renamed' }) },
  { route: 'DELETE /api/v1/org/{id}', rule: rules.orgOwn, target: org },
  { route: 'GET /api/v1/org/{id}/members', rule: rules.orgRead, target: org },
  {
    route: 'POST /api/v1/org/{id}/members',
    rule: rules.orgManage,
    target: org,
    body: (_, w) => ({ email: w.people.recruit.email, role: 'member' }),
  },
  { route: 'PATCH /api/v1/org/{id}/members/{userId}', rule: rules.orgManage, target: member, body: () => ({ role: 'admin' }) },
  { route: 'DELETE /api/v1/org/{id}/members/{userId}', rule: rules.orgManage, target: member },
  // Webhook endpoints, their deliveries and replays
  { route: 'GET /api/v1/webhooks/{id}', rule: rules.orgRead, target: endpoint },
  { route: 'PATCH /api/v1/webhooks/{id}', rule: rules.orgManage, target: endpoint, body: () => ({ description: 'changed' }) },
  { route: 'DELETE /api/v1/webhooks/{id}', rule: rules.orgManage, target: endpoint },
  { route: 'GET /api/v1/webhooks/{id}/stats', rule: rules.orgRead, target: endpoint },
  { route: 'GET /api/v1/webhooks/{id}/secret', rule: rules.orgManage, target: endpoint },
  { route: 'POST /api/v1/webhooks/{id}/secret/rotate', rule: rules.orgManage, target: endpoint, body: () => ({ overlap_seconds: 0 }) },
  { route: 'POST /api/v1/webhooks/{id}/test', rule: rules.orgManage, target: endpoint },
  {
    route: 'POST /api/v1/webhooks/{id}/recover',
    rule: rules.orgManage,
    target: endpoint,
    body: () => ({ since: new Date(Date.now() - 3600_000).toISOString() }),
  },
  { route: 'GET /api/v1/webhooks/{id}/deliveries', rule: rules.orgRead, target: endpoint },
  { route: 'GET /api/v1/webhooks/{id}/deliveries/{deliveryId}', rule: rules.orgRead, target: delivery },
  { route: 'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', rule: rules.orgManage, target: delivery },
  { route: 'GET /api/v1/webhooks/events/{eventId}/deliveries', rule: rules.orgRead, target: event },
  { route: 'GET /api/v1/webhooks/replays/{id}', rule: rules.orgRead, target: replay },
  { route: 'POST /api/v1/webhooks/replays/{id}/pause', rule: rules.orgManage, target: replay },
  { route: 'POST /api/v1/webhooks/replays/{id}/resume', rule: rules.orgManage, target: replay },
  { route: 'POST /api/v1/webhooks/replays/{id}/cancel', rule: rules.orgManage, target: replay },
  // Devices and alert rules
  { route: 'GET /api/v1/devices/{id}', rule: rules.orgRead, target: inOrg((w, o) => w.createDevice(o)) },
  {
    route: 'PATCH /api/v1/devices/{id}',
    rule: rules.orgManage,
    target: inOrg((w, o) => w.createDevice(o)),
    body: () => ({ device_name: 'renamed' }),
  },
  { route: 'DELETE /api/v1/devices/{id}', rule: rules.orgManage, target: inOrg((w, o) => w.createDevice(o)) },
  {
    route: 'DELETE /api/v1/devices/alert-rules/{ruleId}',
    rule: rules.orgManage,
    target: async (w) => ({ ruleId: await w.createAlertRule(await w.createOrg()) }),
  },
  // Platform administration
  { route: 'GET /api/v1/admin/users/{id}', rule: rules.platformAdmin, target: async (w) => ({ id: await w.createUser() }) },
  {
    route: 'PATCH /api/v1/admin/users/{id}',
    rule: rules.platformAdmin,
    target: async (w) => ({ id: await w.createUser() }),
    body: () => ({ role: 'user' }),
  },
  { route: 'DELETE /api/v1/admin/users/{id}', rule: rules.platformAdmin, target: async (w) => ({ id: await w.createUser() }) },
  { route: 'GET /api/v1/admin/subscriptions/{email}', rule: rules.selfOrAdmin, target: async (w) => ({ email: w.people.owner.email }) },
  {
    route: 'PATCH /api/v1/admin/subscriptions/{email}',
    rule: rules.platformAdmin,
    target: async (w) => ({ email: w.people.owner.email }),
    body: () => ({ notes: 'matrix' }),
  },
  {
    route: 'POST /api/v1/admin/subscriptions/{email}/cancel',
    rule: rules.selfOrAdmin,
    target: async (w) => ({ email: w.people.owner.email }),
    body: () => ({ reason: 'matrix' }),
  },
  // An organization's id in the body or the query
  {
    route: 'POST /api/v1/webhooks',
    rule: rules.orgCreateIn,
    target: orgAsQuery,
    idIn: 'body',
    body: (ids, w) => ({ url: w.receiverUrl, events: ['webhook.test'], org_id: ids.org_id }),
  },
  // A portal link: only the organization's owners (and platform admins); whoever is not in it cannot tell it exists.
  { route: 'POST /auth/portal-links', rule: rules.orgOwn, target: orgAsQuery, idIn: 'body', body: (ids) => ({ org_id: ids.org_id }) },
  {
    route: 'POST /api/v1/webhooks/replays',
    rule: rules.orgCreateIn,
    target: orgAsQuery,
    idIn: 'body',
    body: (ids) => ({ from_seq: 1, org_id: ids.org_id }),
  },
  {
    route: 'POST /api/v1/devices',
    rule: rules.orgCreateIn,
    target: orgAsQuery,
    idIn: 'body',
    body: (ids) => ({
      org_id: ids.org_id,
      device_name: 'sensor',
      hardware_id: `hw-${Math.random().toString(36).slice(2)}`,
      firmware_version: '1.0.0',
    }),
  },
  {
    route: 'POST /api/v1/devices/alert-rules',
    rule: rules.orgCreateIn,
    target: orgAsQuery,
    idIn: 'body',
    body: (ids) => ({ org_id: ids.org_id, name: 'hot', metric: 'temperature', operator: 'gt', threshold: 80 }),
  },
  {
    route: 'GET /api/v1/webhooks',
    rule: rules.orgList,
    target: async (w) => {
      const o = await w.createOrg();
      await w.createEndpoint(o);
      return { org_id: o };
    },
    idIn: 'query',
  },
  {
    route: 'GET /api/v1/devices',
    rule: rules.orgList,
    target: async (w) => {
      const o = await w.createOrg();
      await w.createDevice(o);
      return { org_id: o };
    },
    idIn: 'query',
  },
  {
    route: 'GET /api/v1/devices/alert-rules',
    rule: rules.orgList,
    target: async (w) => {
      const o = await w.createOrg();
      await w.createAlertRule(o);
      return { org_id: o };
    },
    idIn: 'query',
  },
];
