export { outboxTable, type OutboxTable } from './outbox-table.js';
export { addToOutbox, outboxChannel } from './outbox.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
export { eventWriter, type EventWriter } from './event-writer.js';
export { OutboxVerifier, type OutboxVerifierOptions, type StoredEvents, type Verification } from './outbox-verifier.js';
export { ensureOutboxTable } from './outbox-ddl.js';
