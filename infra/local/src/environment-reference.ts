import { readFileSync } from 'node:fs';
import { deviceEnv } from '@ops/device-service';
import { gatewayEnv } from '@ops/gateway-service';
import { orgEnv } from '@ops/org-service';
import { subscriptionEnv } from '@ops/subscription-service';
import { userEnv } from '@ops/user-service';
import { webhookEnv } from '@ops/webhook-service';
import type { z } from 'zod';

type Shape = Record<string, z.ZodType>;

/** Each deployable, its heading in docs/operations.md, and the zod schema it validates its environment with. */
export const services: ReadonlyArray<{ name: string; heading: string; shape: Shape }> = [
  { name: 'user', heading: 'User service', shape: userEnv },
  { name: 'webhook', heading: 'Webhook service', shape: webhookEnv },
  { name: 'org', heading: 'Organization service', shape: orgEnv },
  { name: 'subscription', heading: 'Subscription service', shape: subscriptionEnv },
  { name: 'device', heading: 'Device service', shape: deviceEnv },
  { name: 'gateway', heading: 'Gateway', shape: gatewayEnv },
];

/** The table every service that reads `runtimeEnv` shares. */
export const everyServiceHeading = 'Every service';

export interface DocumentedVariable {
  name: string;
  default: string;
  meaning: string;
}

/**
 * The variables of each `### <heading>` table under `## Configuration` in docs/operations.md. A row may name
 * several variables (`A`, `B`); a row whose meaning is empty ("as above") still counts as documenting them.
 */
export function documentedVariables(markdown: string): Map<string, DocumentedVariable[]> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Configuration\n')) ?? '';
  const tables = new Map<string, DocumentedVariable[]>();
  for (const block of section.split(/^### /m).slice(1)) {
    const heading = block.slice(0, block.indexOf('\n')).trim();
    const rows: DocumentedVariable[] = [];
    for (const line of block.split('\n')) {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      if (cells.length < 3 || cells[0] === 'variable' || /^-+$/.test(cells[0]!)) continue;
      for (const [, name] of cells[0]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) rows.push({ name: name!, default: cells[1]!, meaning: cells[2]! });
    }
    tables.set(heading, rows);
  }
  return tables;
}

/** What a schema gives a variable that is not set: its default as it would be written in the environment. */
export function defaultOf(schema: z.ZodType): string | undefined {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return undefined;
  return Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
}

export function readOperationsDoc(root: URL): string {
  return readFileSync(new URL('docs/operations.md', root), 'utf8');
}
