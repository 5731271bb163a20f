import { readFileSync } from 'node:fs';
import { services } from '@ops/local/environment-reference';
import { describe, expect, it } from 'vitest';

/**
 * infra/compose/compose.yaml, read as text (its check, `bash infra/compose/check.sh`, needs root and podman, so
 * it is not part of this suite): what it can get wrong without anything failing at start. A misspelt variable is
 * ignored by the service it was meant for, and a health check on another port keeps a healthy container red.
 */
const root = new URL('../', import.meta.url);
const compose = readFileSync(new URL('infra/compose/compose.yaml', root), 'utf8');
const secrets = readFileSync(new URL('infra/compose/make-secrets.sh', root), 'utf8');
/** Read by the images themselves, not by a service. */
const imageVariables = ['POSTGRES_USER', 'POSTGRES_DB', 'POSTGRES_PASSWORD', 'NATS_SERVER_NAME'];

/** The file cut into its top-level-under-`services:` blocks, by name. */
function serviceBlocks(): Map<string, string> {
  const body = compose.slice(compose.indexOf('\nservices:\n'), compose.search(/\n(secrets|volumes|networks):\n/));
  const blocks = new Map<string, string>();
  for (const block of body.split(/\n(?= {2}[a-z0-9-]+:)/).slice(1)) blocks.set(block.trim().split(':')[0], block);
  return blocks;
}

describe('infra/compose/compose.yaml', () => {
  it('sets only variables that a service or an image reads', () => {
    const inCompose = [...compose.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)];
    const inSecretFiles = [...secrets.matchAll(/^\s*(?:printf|\[).*?\b([A-Z][A-Z0-9_]+)=/gm)];
    const set = [...inCompose, ...inSecretFiles].map((m) => m[1]);
    const read = new Set([...services.flatMap((s) => Object.keys(s.shape)), ...imageVariables]);
    expect(set.length).toBeGreaterThan(10);
    expect(set.filter((name) => !read.has(name))).toEqual([]);
  });

  it.each(services)('runs the $name service and checks its health on the port it listens on', ({ name, shape }) => {
    const blocks = [...serviceBlocks().values()].filter((b) => b.includes(`"services/${name}/dist/main.js"`));
    expect(blocks.length, `a service whose command is node services/${name}/dist/main.js`).toBeGreaterThan(0);
    const port = shape[`${name.toUpperCase()}_PORT`].parse(undefined);
    for (const block of blocks) expect(block).toContain(`test: ["CMD", "node", "healthcheck.mjs", "${port}"]`);
  });

  it.each(services.filter((s) => 'NATS_URL' in s.shape))('gives the $name service its own broker credentials', ({ name }) => {
    const blocks = [...serviceBlocks().values()].filter((b) => b.includes(`"services/${name}/dist/main.js"`));
    for (const block of blocks) expect(block).toContain(`../../.data/compose/nats-${name}.env`);
    expect(secrets.match(/for service in ([a-z ]+);/)?.[1]?.split(' ')).toContain(name);
  });
});
