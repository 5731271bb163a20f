import { generateBrokerAuth } from '@ops/broker-auth';

/**
 * `infra/nats/generate-auth.sh [dir]`: writes the broker's users (auth.conf for nats-server, credentials.json for
 * the services) into `dir`, default `.data/nats`, for the stream EVENTS_STREAM on EVENTS_SUBJECT_PREFIX.
 * Passwords already there are kept; permissions follow the catalog as it is now.
 */
const dir = process.argv[2] ?? '.data/nats';
const { authFile, credentialsFile, credentials } = await generateBrokerAuth(dir, {
  stream: process.env.EVENTS_STREAM ?? 'EVENTS',
  subjectPrefix: process.env.EVENTS_SUBJECT_PREFIX ?? 'events',
});
process.stdout.write(`${authFile}\n${credentialsFile}\nusers: ${Object.keys(credentials).join(', ')}\n`);
