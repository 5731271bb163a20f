import type { Executor } from '@ops/db';
import { newId } from '@ops/events';
import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { endpointSecrets } from '../schema.js';
import type { SecretBox } from './secret-box.js';

/** A secret that signs, until `expiresAt` when a rotation retired it. */
export interface SigningSecret {
  secret: string;
  expiresAt: Date | null;
}

const live = or(isNull(endpointSecrets.expiresAt), gt(endpointSecrets.expiresAt, sql`now()`));

/**
 * Stores a new secret for an endpoint. With `retireAfterMs` (a rotation), every secret it had stops signing at
 * most that long from now: a second rotation with no overlap leaves only the new secret.
 * Returns when the previous secrets stop signing.
 */
export async function addSecret(
  tx: Executor,
  box: SecretBox,
  endpointId: string,
  secret: string,
  retireAfterMs?: number,
): Promise<Date | null> {
  let retiredAt: Date | null = null;
  if (retireAfterMs !== undefined) {
    const until = sql`now() + ${retireAfterMs} * interval '1 millisecond'`;
    const retired = await tx
      .update(endpointSecrets)
      .set({ expiresAt: until })
      .where(and(eq(endpointSecrets.endpointId, endpointId), or(isNull(endpointSecrets.expiresAt), gt(endpointSecrets.expiresAt, until))))
      .returning({ expiresAt: endpointSecrets.expiresAt });
    retiredAt = retired[0]?.expiresAt ?? null;
  }
  await tx.insert(endpointSecrets).values({ id: newId('whs'), endpointId, sealed: box.seal(secret, endpointId) });
  return retiredAt;
}

/** The secret that signs from now on: the newest. */
export async function currentSecret(executor: Executor, box: SecretBox, endpointId: string): Promise<string | undefined> {
  const [row] = await executor
    .select({ sealed: endpointSecrets.sealed })
    .from(endpointSecrets)
    .where(and(eq(endpointSecrets.endpointId, endpointId), isNull(endpointSecrets.expiresAt)))
    .orderBy(desc(endpointSecrets.createdAt))
    .limit(1);
  return row ? box.open(row.sealed, endpointId) : undefined;
}

/** Every endpoint's secrets that still sign, newest first, opened: what the dispatcher holds in memory. */
export async function liveSecrets(executor: Executor, box: SecretBox): Promise<Map<string, SigningSecret[]>> {
  const rows = await executor
    .select({ endpointId: endpointSecrets.endpointId, sealed: endpointSecrets.sealed, expiresAt: endpointSecrets.expiresAt })
    .from(endpointSecrets)
    .where(live)
    .orderBy(desc(endpointSecrets.createdAt));
  const byEndpoint = new Map<string, SigningSecret[]>();
  for (const row of rows) {
    const list = byEndpoint.get(row.endpointId) ?? [];
    list.push({ secret: box.open(row.sealed, row.endpointId), expiresAt: row.expiresAt });
    byEndpoint.set(row.endpointId, list);
  }
  return byEndpoint;
}

/** The secrets to sign with at `now`: one, or two during a rotation's overlap. */
export function signingSecrets(secrets: readonly SigningSecret[], now: Date): string[] {
  return secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => s.secret);
}
