import { createHash } from 'node:crypto';
import { z } from 'zod';
import { eventDefinitions } from './catalog.js';
import { eventSources } from './sources.js';

/**
 * The contract's version (docs/events.md, "Changing a type"). Within a version a type only gains optional
 * fields or new enum values; a breaking change is a new type named `<type>.v2`, published beside the old one.
 * The version moves only when a type is withdrawn after its receivers moved on.
 */
export const CATALOG_VERSION = 1;

export interface CatalogEntry {
  type: string;
  domain: string;
  description: string;
  /** The sources allowed to publish it, the owning service first. */
  sources: readonly string[];
  /** JSON Schema (draft 2020-12) of the event's `data`. */
  schema: unknown;
  example: unknown;
}

export interface CatalogDocument {
  version: number;
  /** Changes with any change to the catalog (a hash of its entries): what a cached copy is compared by. */
  revision: string;
  events: CatalogEntry[];
}

/** The catalog as plain JSON, for the API and for receivers generating their own types. */
export function catalogAsJson(): CatalogEntry[] {
  return eventDefinitions.map((d) => ({
    type: d.type,
    domain: d.domain,
    description: d.description,
    sources: eventSources(d.type),
    schema: z.toJSONSchema(d.data),
    example: d.example,
  }));
}

/** The catalog with its version, as `/api/v1/webhooks/events/available` serves it. */
export function catalogDocument(): CatalogDocument {
  const events = catalogAsJson();
  const revision = createHash('sha256').update(JSON.stringify(events)).digest('hex').slice(0, 12);
  return { version: CATALOG_VERSION, revision, events };
}
