import { z } from 'zod';
import { eventDefinitions } from './catalog.js';

export interface CatalogEntry {
  type: string;
  domain: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: unknown;
  example: unknown;
}

/** The catalog as plain JSON, for the API and for receivers generating their own types. */
export function catalogAsJson(): CatalogEntry[] {
  return eventDefinitions.map((d) => ({
    type: d.type,
    domain: d.domain,
    description: d.description,
    schema: z.toJSONSchema(d.data),
    example: d.example,
  }));
}
