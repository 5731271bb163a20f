import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.js';
import { startGatewayService, type GatewayService } from './gateway-service.js';

// A stand-in build: the test is about how the gateway serves whatever the build wrote.
const dir = mkdtempSync(join(tmpdir(), 'console-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ops Center console</title><div id="root"></div>');
writeFileSync(join(dir, 'assets', 'index-3f2a.js'), 'console.info("app");');

const started: GatewayService[] = [];
const gateway = async (env: Record<string, string> = {}) => {
  const g = await startGatewayService({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', CONSOLE_DIR: dir, ...env });
  started.push(g);
  return g;
};
let url: string;

beforeAll(async () => {
  url = (await gateway()).url;
});
afterAll(async () => {
  for (const g of started) await g.close();
});

describe('the gateway serves the console at /console', () => {
  it('redirects /console to the app', async () => {
    const res = await fetch(`${url}/console`, { redirect: 'manual' });
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('serves index.html, never cached, framed only by itself by default', async () => {
    const res = await fetch(`${url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Ops Center console');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves hashed assets cached for good', async () => {
    const res = await fetch(`${url}/console/assets/index-3f2a.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers any other path under /console with the app, which routes it', async () => {
    const res = await fetch(`${url}/console/endpoints/ep_1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
  });

  it('lets the operator name the sites that may frame the portal', async () => {
    const other = await gateway({ CONSOLE_FRAME_ANCESTORS: "'self' https://app.example.com" });
    const res = await fetch(`${other.url}/console/`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://app.example.com");
  });

  it('refuses a frame-ancestors value that would break the header', () => {
    expect(() => loadGatewayConfig({ CONSOLE_FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/CONSOLE_FRAME_ANCESTORS/);
  });

  it('answers 404 at /console/ when the console is not built', async () => {
    const bare = await gateway({ CONSOLE_DIR: join(dir, 'missing') });
    expect((await fetch(`${bare.url}/console/`)).status).toBe(404);
  });
});
