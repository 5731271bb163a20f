/**
 * Secrets recognised by what they look like, wherever they appear in a log line (a message, an error's
 * text, a value under an innocent key): key-based redaction misses a hash inside a failed query's text or
 * a token echoed in a URL. Applied to each finished JSON line, so nothing is too deep or too late for it.
 */
const secretValues: { pattern: RegExp; replacement: string }[] = [
  // Password hashes (argon2 in PHC form, bcrypt): offline-crackable if leaked.
  { pattern: /\$argon2(?:id|i|d)\$[^"\s\\]*/g, replacement: '[redacted]' },
  { pattern: /\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/g, replacement: '[redacted]' },
  // JWTs (access tokens): three base64url parts, the first a JSON header.
  { pattern: /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, replacement: '[redacted]' },
  // Webhook signing secrets (ours and the payment provider's).
  { pattern: /whsec_[A-Za-z0-9+/=_-]+/g, replacement: 'whsec_[redacted]' },
  // Credentials after an HTTP authorization scheme, and a device credential on its own.
  { pattern: /\b(Bearer|Basic|Device)\s+[^"\s\\,;]+/gi, replacement: '$1 [redacted]' },
  { pattern: /dev_[A-Za-z0-9-]+\.[A-Za-z0-9_-]{20,100}/g, replacement: '[redacted]' },
  // 32 random bytes in base64url (device secrets, email verification tokens, and their SHA-256s).
  { pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, replacement: '[redacted]' },
];

export function redactSecretValues(text: string): string {
  let result = text;
  for (const { pattern, replacement } of secretValues) result = result.replace(pattern, replacement);
  return result;
}
