import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips, and never stores the plaintext', () => {
    const sealed = box.seal('whsec_abc', 'ep_1');
    expect(sealed).not.toContain('whsec');
    expect(box.open(sealed, 'ep_1')).toBe('whsec_abc');
    expect(box.seal('whsec_abc', 'ep_1')).not.toBe(sealed);
  });

  it("refuses another endpoint's context, another key, or a tampered value", () => {
    const sealed = box.seal('whsec_abc', 'ep_1');
    expect(() => box.open(sealed, 'ep_2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ep_1')).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('whsec_xyz').toString('base64');
    expect(() => box.open(parts.join(':'), 'ep_1')).toThrow();
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
