import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventTypes, renderEventsDoc } from './index.js';

const docPath = new URL('../../../docs/events.md', import.meta.url);

describe('docs/events.md', () => {
  it('is the catalog as it is now (regenerate it with `pnpm build && pnpm docs:events`)', async () => {
    const written = await readFile(docPath, 'utf8').catch(() => '');
    // One comparison, so that the failure says stale rather than listing a diff of hundreds of lines first.
    expect(written === renderEventsDoc(), 'docs/events.md is stale: run `pnpm build && pnpm docs:events` and commit it').toBe(true);
  });

  it('lists every type with its schema and example', () => {
    const doc = renderEventsDoc();
    for (const type of eventTypes) expect(doc).toContain(`### \`${type}\``);
  });
});
