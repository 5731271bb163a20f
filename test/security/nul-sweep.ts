import fc from 'fast-check';
import { conforming, percentEncode } from './schema-arbitrary.js';
import type { JsonSchema, Operation } from './service-operations.js';

/** One request of the sweep and what it carries the NUL in. */
export interface SweepRequest {
  op: Operation;
  where: string;
  path: string;
  body: string | undefined;
}

const withNul = 'with\u0000NUL';
/** A string field without a format, pattern or enum (nullable ones too): where a NUL gets past validation. */
const isFreeText = (s: JsonSchema): boolean =>
  (s.type === 'string' && !s.enum && !s.format && !s.pattern) || (s.anyOf ?? s.oneOf ?? []).some(isFreeText);

/**
 * PostgreSQL refuses U+0000 in text, so a NUL that gets past validation is a 500. Deterministically, for every
 * operation: a NUL in each path parameter, in each free-text query parameter, and in each free-text body field
 * (beside a valid body where the schema cannot say what valid is, else only the required fields), the rest of
 * the path made of real ids so the request reaches the code that writes.
 */
export function nulSweep(op: Operation, realPath: string, seed: number, validBody?: () => Record<string, unknown>): SweepRequest[] {
  const requests: SweepRequest[] = [];
  // A fresh valid body for each request: a NUL accepted in one must not make the next a conflict (same email).
  const base = () => (validBody ? JSON.stringify(validBody()) : requiredBody(op, seed));
  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    requests.push({ op, where: `path {${param.name}}`, path: fillOne(op.path, realPath, param.name), body: base() });
  }
  for (const param of op.parameters.filter((p) => p.in === 'query' && isFreeText(p.schema))) {
    requests.push({ op, where: `query ${param.name}`, path: `${realPath}?${param.name}=${percentEncode(withNul)}`, body: base() });
  }
  for (const [name, schema] of Object.entries(op.body?.properties ?? {})) {
    if (!isFreeText(schema)) continue;
    requests.push({ op, where: `body ${name}`, path: realPath, body: JSON.stringify({ ...JSON.parse(base()!), [name]: withNul }) });
  }
  return requests;
}

/** The path with real ids, except `name`, which carries the NUL. */
function fillOne(template: string, realPath: string, name: string): string {
  const real = realPath.split('/');
  return template
    .split('/')
    .map((segment, i) => (segment === `{${name}}` ? percentEncode(withNul) : real[i]))
    .join('/');
}

/** A body of the required fields only, from the schema (the same on every run); undefined for routes without one. */
function requiredBody(op: Operation, seed: number): string | undefined {
  if (!op.body) return undefined;
  const properties = op.body.properties ?? {};
  const required = (op.body.required ?? []).filter((name) => properties[name]);
  return JSON.stringify(
    Object.fromEntries(required.map((name, i) => [name, fc.sample(conforming(properties[name]!), { seed: seed + i, numRuns: 1 })[0]])),
  );
}
