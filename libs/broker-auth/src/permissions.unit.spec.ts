import { eventSources, eventTypes, subjectFor } from '@ops/events';
import { describe, expect, it } from 'vitest';
import { brokerPermissions, OPERATOR_USER, platformServices } from './permissions.js';
import { authorizationBlock } from './server-config.js';

const layout = { stream: 'EVENTS', subjectPrefix: 'events' };
const users = brokerPermissions(layout);
const eventSubjects = (publish: string[]) => publish.filter((s) => s.startsWith(`${layout.subjectPrefix}.`));

describe('brokerPermissions', () => {
  it("lets exactly the sources the catalog lists publish each type's subject, and nobody a wildcard of events", () => {
    for (const type of eventTypes) {
      const publishers = [...users].filter(([, p]) => p.publish.includes(subjectFor(type, layout.subjectPrefix))).map(([user]) => user);
      expect(publishers.sort(), type).toEqual([...eventSources(type)].sort());
    }
    for (const [, p] of users) expect(eventSubjects(p.publish).filter((s) => s.includes('>') || s.includes('*'))).toEqual([]);
  });

  it('gives the operators no event subject and nothing that changes or deletes a stream', () => {
    const ops = users.get(OPERATOR_USER)!;
    expect(eventSubjects(ops.publish)).toEqual([]);
    expect(ops.publish.filter((s) => /STREAM\.(CREATE|UPDATE|DELETE|PURGE)|MSG\.DELETE/.test(s))).toEqual([]);
  });

  it('gives every service of the platform its consumer API, the dead letters to the webhook service only', () => {
    for (const service of platformServices) {
      expect(users.get(service)!.publish).toEqual(expect.arrayContaining(['$JS.API.CONSUMER.MSG.NEXT.EVENTS.>', '$JS.ACK.EVENTS.>']));
      expect(users.get(service)!.publish.includes('deadletter.events.>')).toBe(service === 'webhook');
      // The platform status page lists the consumers (their lag): the webhook service answers it.
      expect(users.get(service)!.publish.includes('$JS.API.CONSUMER.LIST.EVENTS')).toBe(service === 'webhook');
    }
    expect(users.get('billing-job')!.publish.filter((s) => s.startsWith('$JS'))).toEqual([]);
  });

  it('renders a configuration nats-server reads, quoting every value', () => {
    const block = authorizationBlock([{ user: 'a"b', password: 'p\\w', permissions: { publish: ['x.y'], subscribe: ['_INBOX.>'] } }]);
    expect(block).toContain('{ user: "a\\"b", password: "p\\\\w", permissions: {');
    expect(block).toContain('publish: { allow: ["x.y"] }');
  });
});
