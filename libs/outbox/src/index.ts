export { outboxTable, type OutboxTable } from './outbox-table.js';
export { addToOutbox, outboxChannel } from './outbox.js';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';
export { EventWriter, type EventToWrite, type AnyEventToWrite } from './event-writer.js';
export { OutboxVerifier, type OutboxVerifierOptions, type StoredEvents, type Verification } from './outbox-verifier.js';
export { ensureOutboxTable } from './outbox-ddl.js';
