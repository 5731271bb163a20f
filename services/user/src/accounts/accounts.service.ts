import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@ops/db';
import { createEvent, newId } from '@ops/events';
import { ConflictError, NotFoundError, UnauthenticatedError } from '@ops/http';
import { addToOutbox } from '@ops/outbox';
import { DATABASE } from '@ops/runtime';
import { TokenIssuer } from '@ops/auth';
import { eq } from 'drizzle-orm';
import { outbox, users, type UserRow } from '../schema.js';
import type { LoginRequest, RegisterRequest } from './accounts.requests.js';
import { hashPassword, verifyPassword } from './password.js';

const SOURCE = 'user';

/**
 * Account use cases. Each state change and its event are written in one transaction; the outbox relay
 * publishes after commit, so no request waits for NATS or for any webhook receiver.
 */
@Injectable()
export class AccountsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(TokenIssuer) private readonly tokens: TokenIssuer,
  ) {}

  async register(input: RegisterRequest, role: 'user' | 'admin' = 'user'): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    const now = new Date();
    return this.database.orm.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ id: newId('usr'), email: input.email, name: input.name, passwordHash, role, createdAt: now })
        .onConflictDoNothing({ target: users.email })
        .returning();
      if (!user) throw new ConflictError(`email: ${input.email} is already registered`);
      await addToOutbox(tx, outbox, [
        createEvent({
          type: 'user.created',
          source: SOURCE,
          orgId: null,
          time: now,
          data: { user_id: user.id, email: user.email, name: user.name, subscription_tier: user.subscriptionTier, created_at: now.toISOString() },
        }),
      ]);
      return user;
    });
  }

  async login(input: LoginRequest) {
    const [found] = await this.database.orm.select().from(users).where(eq(users.email, input.email));
    const valid = await verifyPassword(found?.passwordHash, input.password);
    if (!found || !valid) throw new UnauthenticatedError('invalid email or password');
    if (found.status !== 'active') throw new UnauthenticatedError('account suspended');
    const now = new Date();
    const user = await this.database.orm.transaction(async (tx) => {
      const [updated] = await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, found.id)).returning();
      if (!updated) throw new UnauthenticatedError('invalid email or password');
      await addToOutbox(tx, outbox, [
        createEvent({
          type: 'user.login',
          source: SOURCE,
          orgId: null,
          time: now,
          data: { user_id: updated.id, email: updated.email, login_at: now.toISOString() },
        }),
      ]);
      return updated;
    });
    const token = await this.tokens.issue({ userId: user.id, email: user.email, role: user.role, orgs: {} });
    return { user, token };
  }

  async get(userId: string): Promise<UserRow> {
    const [user] = await this.database.orm.select().from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError('user');
    return user;
  }

  /** Makes sure the configured platform administrator exists; safe when several replicas start at once. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    try {
      await this.register({ email: email.toLowerCase(), password, name: 'Platform admin' }, 'admin');
      return 'created';
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      await this.database.orm.update(users).set({ role: 'admin' }).where(eq(users.email, email.toLowerCase()));
      return 'exists';
    }
  }
}
