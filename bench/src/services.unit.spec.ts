import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMAGE_HEAP_LIMIT } from './services.js';

describe('the bench runs the services as the image does', () => {
  it("gives them the Dockerfile's heap cap", () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`NODE_OPTIONS=${IMAGE_HEAP_LIMIT}\\b`));
  });
});
