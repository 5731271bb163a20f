import { describe, expect, it } from 'vitest';
import { redactSecretValues } from './secret-values.js';

describe('redactSecretValues', () => {
  const secrets = {
    argon2: '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
    jwt: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJlX2J5dGVz',
    whsec: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    deviceCredential: `dev_0194b8a2c3d47e5f.${'A'.repeat(43)}`,
    deviceSecret: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE',
  };

  it.each(Object.entries(secrets))('removes a %s wherever it stands in a line', (_, secret) => {
    const line = JSON.stringify({ msg: `failed with ${secret} inside`, nested: { innocent: secret } });
    expect(redactSecretValues(line)).not.toContain(secret);
  });

  it('keeps the scheme of an Authorization value, not its credential', () => {
    expect(redactSecretValues('"authorization":"Bearer abc.def"')).toBe('"authorization":"Bearer [redacted]"');
  });

  it('leaves ids, emails and SQL alone', () => {
    const line = '{"msg":"insert into users (id, email) values ($1, $2)","id":"usr_0194b8a2c3d47e5f","email":"a@example.com"}';
    expect(redactSecretValues(line)).toBe(line);
  });
});
