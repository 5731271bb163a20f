import { z } from 'zod';

/**
 * A zod schema as an OpenAPI 3.1 schema (JSON Schema 2020-12, which 3.1 uses as is). `input` for what a
 * request may send (defaults optional), `output` for what a response holds (defaults filled in).
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

/** An ISO 8601 time with its offset, as every response writes times. */
export const isoTimestamp = () => z.iso.datetime({ offset: true });

/** A page of a list: `next_cursor`, the last id of a full page, asks for the next one (the list's cursor parameter); null on the last page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });
