import type { Database } from '@ops/db';
import { TooManyRequestsError } from '@ops/http';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { loginFailures } from '../schema.js';

export interface LoginLimits {
  maxPerAccountAndAddress: number;
  maxPerAddress: number;
  windowMs: number;
}

/**
 * Slows password guessing: after too many failed sign-ins for one account from one address, or from one address
 * for any accounts, within a sliding window, further attempts from there get 429 until the oldest failure leaves
 * the window. Never per account alone: failing on purpose would lock its owner out, from anywhere. Failures are
 * rows in PostgreSQL, so every replica counts the same ones. A success clears the account's failures.
 */
export class LoginLimiter {
  constructor(
    private readonly database: Database,
    private readonly limits: LoginLimits,
  ) {}

  async check(email: string, address: string): Promise<void> {
    const since = new Date(Date.now() - this.limits.windowMs);
    const [row] = await this.database.orm
      .select({
        account: sql<number>`count(*) filter (where ${loginFailures.email} = ${email} and ${loginFailures.address} = ${address})::int`,
        accountOldest: sql<Date | null>`min(${loginFailures.at}) filter (where ${loginFailures.email} = ${email} and ${loginFailures.address} = ${address})`,
        address: sql<number>`count(*) filter (where ${loginFailures.address} = ${address})::int`,
        addressOldest: sql<Date | null>`min(${loginFailures.at}) filter (where ${loginFailures.address} = ${address})`,
      })
      .from(loginFailures)
      .where(and(gt(loginFailures.at, since), eq(loginFailures.address, address)));
    const retryAfter = (oldest: Date | string | null) =>
      (new Date(oldest ?? Date.now()).getTime() + this.limits.windowMs - Date.now()) / 1000;
    if (row && row.account >= this.limits.maxPerAccountAndAddress) {
      throw new TooManyRequestsError(
        `too many failed sign-ins for ${email} from this address; try again later`,
        retryAfter(row.accountOldest),
      );
    }
    if (row && row.address >= this.limits.maxPerAddress) {
      throw new TooManyRequestsError('too many failed sign-ins from this address; try again later', retryAfter(row.addressOldest));
    }
  }

  async failed(email: string, address: string): Promise<void> {
    await this.database.orm.insert(loginFailures).values({ email, address });
    // Old rows are useless: trimmed here, a few at a time, instead of by a job.
    await this.database.orm.execute(
      sql`delete from ${loginFailures} where id in (select id from ${loginFailures} where ${lt(loginFailures.at, new Date(Date.now() - this.limits.windowMs))} limit 100)`,
    );
  }

  async succeeded(email: string): Promise<void> {
    await this.database.orm.delete(loginFailures).where(eq(loginFailures.email, email));
  }
}
