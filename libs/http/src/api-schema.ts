import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12, which 3.1 uses as is). `input` for what a
 * request may send (defaults optional), `output` for what a response holds (defaults filled in).
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}
