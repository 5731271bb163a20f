import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretKey, signWebhook } from './index.js';

const body = JSON.stringify({ id: 'evt_1', event: 'user.created', timestamp: '2026-01-26T17:30:00.000Z', data: { a: 1 } });

describe('signWebhook', () => {
  it('produces headers the official standardwebhooks package verifies', () => {
    const secret = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook([secret], { msgId: 'evt_1', timestampSeconds: now, body });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('matches the spec example: same inputs give the signature standardwebhooks computes', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const headers = signWebhook([secret], {
      msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestampSeconds: 1614265330,
      body: '{"test": 2432232314}',
    });
    const reference = new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe(reference);
  });

  it('fails verification when one byte of the body changes, or the timestamp is stale', () => {
    const secret = generateSecret();
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook([secret], { msgId: 'evt_1', timestampSeconds: now, body });
    expect(() => new Webhook(secret).verify(body.replace('1}', '2}'), { ...headers })).toThrow();
    const old = signWebhook([secret], { msgId: 'evt_1', timestampSeconds: now - 600, body });
    expect(() => new Webhook(secret).verify(body, { ...old })).toThrow(/timestamp/i);
  });

  it('signs with every secret given, so either verifies during a rotation', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const now = Math.floor(Date.now() / 1000);
    const headers = signWebhook([a, b], { msgId: 'evt_1', timestampSeconds: now, body });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(b).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it('refuses secrets that are not whsec_ base64', () => {
    expect(() => secretKey('nope')).toThrow(/whsec_/);
    expect(() => secretKey('whsec_AAAA')).toThrow(/24 to 64/);
  });
});
