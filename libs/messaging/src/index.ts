export { connectNats, drainNats, type NatsConnection, type NatsOptions } from './connection.js';
export { ensureEventsStream, type EventsStreamOptions } from './stream.js';
export { EventPublisher, type PublisherOptions } from './publisher.js';
export { JetStreamServer, JETSTREAM, type JetStreamServerOptions } from './jetstream-server.js';
export { JetStreamContext } from './jetstream-context.js';
export { matchesSubject } from './subject-pattern.js';
export { PublishError, MalformedMessageError } from './errors.js';
export { StreamReader, type StreamBounds, type StoredMessage, type StreamRead } from './stream-reader.js';
export { EventFeed, type EventFeedOptions } from './event-feed.js';
