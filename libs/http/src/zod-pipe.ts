import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Validates a body, query or params object; a failure is a 400 naming each bad field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  /** Public: the OpenAPI document is made from it. */
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    // No body (or no query string) validates as an empty object; a JSON `null` body is refused by the schema.
    const result = this.schema.safeParse(value === undefined ? {} : value);
    if (result.success) return result.data;
    throw new ValidationError(result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
}
