import { describe, expect, it } from 'vitest';
import { serializeError } from './query-error.js';

class FakeDriverError extends Error {
  parameters = ['usr_1', '$argon2id$v=19$secret'];
  query = 'insert into users (id, hash) values ($1, $2)';
}

describe('serializeError', () => {
  it('drops the bound values of a failed query, in the error and its cause, and in drizzle-style text', () => {
    const cause = new FakeDriverError('duplicate key');
    const err = Object.assign(
      new Error('Failed query: insert into users (id, hash) values ($1, $2)\nparams: usr_1,$argon2id$v=19$secret', { cause }),
      {
        params: cause.parameters,
      },
    );
    const text = JSON.stringify(serializeError(err));
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('usr_1');
    expect(text).toContain('insert into users (id, hash) values ($1, $2)');
  });
});
