import type { z } from 'zod';

/** The business area an event belongs to; also the service that owns it. */
export type EventDomain = 'user' | 'organization' | 'subscription' | 'billing' | 'device' | 'monitoring' | 'platform';

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  type: T;
  domain: EventDomain;
  /** One line, shown to people choosing what to subscribe to. */
  description: string;
  /** Schema of the envelope's `data`. Strict: an unknown field is a producer bug. */
  data: S;
  /** A valid `data`, shown in the catalog API; a unit test parses it with `data`. */
  example: z.infer<S>;
}

export function defineEvent<T extends string, S extends z.ZodType>(definition: EventDefinition<T, S>): EventDefinition<T, S> {
  return definition;
}
