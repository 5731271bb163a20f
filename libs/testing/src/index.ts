export { createTestDatabase, testServerUrl, type TestDatabase } from './test-database.js';
export { testStream, testNatsUrl, type TestStream } from './test-stream.js';
export { waitFor } from './wait-for.js';
export { Receiver, type ReceivedRequest, type Reply } from './receiver.js';
export { readStream, type StoredEvent } from './read-stream.js';
export { TestTokens } from './test-tokens.js';
export { api, type ApiResponse } from './api.js';
export { useReceivers } from './receivers.js';
export { freePort } from './free-port.js';
