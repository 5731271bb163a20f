import fc from 'fast-check';
import type { JsonSchema } from './service-operations.js';

const nested = (depth: number, inner: unknown): unknown => (depth === 0 ? inner : { a: nested(depth - 1, inner) });

/** Values an attacker sends where the schema expects something else: each one broke some API somewhere. */
export const hostileValues: unknown[] = [
  '\u0000',
  'name\u0000with NUL',
  'x'.repeat(10_000),
  '../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%zz',
  '%00',
  '\ud800',
  '😀'.repeat(64),
  '\u202egnp.exe',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\r\nSet-Cookie: x=1',
  '',
  ' ',
  'null',
  '1e400',
  0,
  -1,
  1.5,
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  true,
  null,
  [],
  [null],
  ['a', 1, null],
  {},
  { $gt: '' },
  nested(64, 'deep'),
  Array.from({ length: 1000 }, () => 'x'),
];

/** A hostile value; NUL (which PostgreSQL refuses in text) is likelier, embedded in otherwise ordinary strings too. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileValues) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`) },
);

/** Whole bodies no schema describes: broken JSON, JSON that is not an object, numbers JSON.parse cannot hold. */
export const hostileBodies: string[] = [
  'null',
  '',
  '{',
  '[]',
  '"text"',
  '0',
  'true',
  '{"a":1e400}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000',
  '{"a":"\\u0000"}',
];

/** A value the schema accepts, or close to it: the inputs that get past validation and reach the code. */
export function conforming(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((s) => conforming(s, depth + 1)));
  if (schema.allOf?.[0]) return conforming(schema.allOf[0], depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => conforming({ ...schema, type }, depth)));
  switch (types[0]) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1e6, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1e6, Number.MAX_SAFE_INTEGER),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items ?? {}, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'object':
      return objectFor(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Mostly what the schema wants, sometimes something hostile in its place: one bad field among good ones. */
export function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: conforming(schema, depth) }, { weight: 1, arbitrary: hostile });
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 300));
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
    case 'url':
      return fc.webUrl();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= maxLength);
    } catch {
      // A pattern fast-check cannot generate from: plain strings of the right length still exercise the field.
    }
  }
  return fc.string({ unit: 'grapheme', minLength, maxLength });
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, valueFor(s, depth + 1)]));
  const known = fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
  // Now and then a field nobody declared, which strict schemas must refuse.
  return fc
    .tuple(known, fc.option(fc.tuple(fc.constantFrom('unexpected', '__proto__', 'constructor'), hostile), { freq: 8 }))
    .map(([object, extra]) => (extra ? { ...object, [extra[0]]: extra[1] } : object));
}

/** Percent-encodes every byte but the unreserved ones, as a client would; lone surrogates become U+FFFD, not an exception. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
