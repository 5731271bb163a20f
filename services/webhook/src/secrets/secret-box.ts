import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 'v1';

/**
 * Encryption at rest for endpoint signing secrets: AES-256-GCM with a key from configuration, the endpoint id
 * as associated data (a sealed secret copied onto another endpoint does not open). A database dump alone
 * yields no secret.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || !data) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64')).setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

/**
 * The key: WEBHOOK_SECRETS_KEY (32 bytes, base64) in production; else a file created on first start,
 * so that a local platform keeps its secrets readable across restarts.
 */
export function loadSecretsKey(source: { base64?: string; file: string }): Buffer {
  if (source.base64) return Buffer.from(source.base64, 'base64');
  if (!existsSync(source.file)) {
    mkdirSync(dirname(source.file), { recursive: true });
    writeFileSync(source.file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(source.file, 'utf8').trim(), 'base64');
}
