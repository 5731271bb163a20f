import type { Permissions } from './permissions.js';

export interface BrokerUser {
  user: string;
  password: string;
  permissions: Permissions;
}

/**
 * The `authorization` block of nats-server's configuration (2.9 and later): one user per service, each with
 * its allow lists; anything not listed is refused by the server, and the client is told so. No anonymous user.
 */
export function authorizationBlock(users: readonly BrokerUser[]): string {
  const quote = (s: string) => JSON.stringify(s);
  const list = (items: string[]) => `[${items.map(quote).join(', ')}]`;
  const entries = users.map(
    (u) =>
      `    { user: ${quote(u.user)}, password: ${quote(u.password)}, permissions: {\n` +
      `        publish: { allow: ${list(u.permissions.publish)} }\n` +
      `        subscribe: { allow: ${list(u.permissions.subscribe)} }\n` +
      `    } }`,
  );
  return `authorization {\n  users: [\n${entries.join('\n')}\n  ]\n}\n`;
}
