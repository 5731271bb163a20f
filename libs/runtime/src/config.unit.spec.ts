import { describe, expect, it } from 'vitest';
import { loadConfig, runtimeEnv } from './config.js';

describe('runtime configuration', () => {
  it('takes NATS credentials in pairs', () => {
    expect(loadConfig(runtimeEnv, {}).NATS_USER).toBeUndefined();
    expect(loadConfig(runtimeEnv, { NATS_USER: 'user', NATS_PASSWORD: 'secret' })).toMatchObject({
      NATS_USER: 'user',
      NATS_PASSWORD: 'secret',
    });
    expect(() => loadConfig(runtimeEnv, { NATS_USER: 'user' })).toThrow(/NATS_USER and NATS_PASSWORD: set both/);
    expect(() => loadConfig(runtimeEnv, { NATS_PASSWORD: 'secret' })).toThrow(/set both, or neither/);
  });
});
