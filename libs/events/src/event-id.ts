import { v7 } from 'uuid';

/**
 * Ids are a type prefix plus a UUIDv7: unique across replicas, sortable by creation time,
 * and readable in logs (`evt_` is an event, `ep_` an endpoint...).
 */
export function newId(prefix: string): string {
  return `${prefix}_${v7()}`;
}

export function newEventId(): string {
  return newId('evt');
}
