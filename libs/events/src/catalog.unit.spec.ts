import { describe, expect, it } from 'vitest';
import {
  catalogAsJson,
  catalogDocument,
  CATALOG_VERSION,
  createEvent,
  distrust,
  eventDefinitions,
  eventSources,
  eventTypes,
  isAllowedSource,
  isEventType,
  parseEnvelope,
  publishingSources,
  subjectFor,
  typesPublishedBy,
} from './index.js';

const expectedTypes = [
  'user.created',
  'user.login',
  'user.logout',
  'user.updated',
  'user.deleted',
  'user.password_changed',
  'user.email_verified',
  'user.profile_updated',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organization.member_removed',
  'subscription.created',
  'subscription.updated',
  'subscription.cancelled',
  'subscription.renewed',
  'subscription.payment_failed',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'invoice.created',
  'invoice.paid',
  'invoice.overdue',
  'device.registered',
  'device.online',
  'device.offline',
  'device.updated',
  'device.deleted',
  'device.alert',
  'alert.triggered',
  'alert.resolved',
];

describe('event catalog', () => {
  it("holds exactly the 31 business types, once each, and the platform's own", () => {
    const business = eventDefinitions.filter((d) => d.domain !== 'platform').map((d) => d.type);
    expect([...business].sort()).toEqual([...expectedTypes].sort());
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
    expect(eventDefinitions.filter((d) => d.domain === 'platform').map((d) => d.type)).toEqual([
      'webhook.test',
      'webhook.delivery.exhausted',
      'webhook.endpoint.disabled',
    ]);
  });

  it.each(eventDefinitions.map((d) => [d.type, d] as const))('%s: its example satisfies its schema', (_type, definition) => {
    expect(definition.data.safeParse(definition.example).success).toBe(true);
    expect(definition.description.length).toBeGreaterThan(10);
  });

  it('refuses data with a missing or unknown field', () => {
    expect(() =>
      createEvent({ type: 'user.login', source: 'user', orgId: null, data: { user_id: 'u1', email: 'a@b.co' } as never }),
    ).toThrow(/login_at/);
    expect(() =>
      createEvent({
        type: 'user.login',
        source: 'user',
        orgId: null,
        data: { user_id: 'u1', email: 'a@b.co', login_at: new Date().toISOString(), extra: 1 } as never,
      }),
    ).toThrow(/extra/);
  });

  it('builds envelopes with time-sortable unique ids that round-trip through parseEnvelope', () => {
    const data = { user_id: 'usr_1', email: 'a@b.co', login_at: '2026-01-26T17:30:00.000Z' };
    const events = Array.from({ length: 50 }, () => createEvent({ type: 'user.login', source: 'user', orgId: null, data }));
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^evt_[0-9a-f-]{36}$/);
    const parsed = parseEnvelope(JSON.parse(JSON.stringify(events[0])));
    expect(parsed).toEqual(events[0]);
  });

  it('parseEnvelope rejects unknown types and bad data', () => {
    const base = { id: 'evt_1', source: 'user', time: '2026-01-26T17:30:00.000Z', org_id: null };
    expect(() => parseEnvelope({ ...base, type: 'user.exploded', data: {} })).toThrow(/unknown event type/);
    expect(() => parseEnvelope({ ...base, type: 'user.login', data: { user_id: 'u' } })).toThrow(/email/);
  });

  it('maps a type to its subject', () => {
    expect(subjectFor('user.created')).toBe('events.user.created');
    expect(isEventType('user.created')).toBe(true);
    expect(isEventType('user.*')).toBe(false);
  });

  it('exports every data schema as JSON Schema with required fields', () => {
    const json = catalogAsJson();
    expect(json).toHaveLength(eventTypes.length);
    const created = json.find((e) => e.type === 'user.created')!;
    expect(created.schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['user_id', 'email', 'name', 'subscription_tier', 'created_at']),
      additionalProperties: false,
    });
  });
});

describe('who may publish what', () => {
  const login = createEvent({
    type: 'user.login',
    source: 'user',
    orgId: null,
    data: { user_id: 'u1', email: 'a@b.co', login_at: '2026-01-26T17:30:00.000Z' },
  });

  it('names the owning service of every type first, and every source publishes at least one type', () => {
    expect(eventSources('user.created')).toEqual(['user']);
    expect(eventSources('organization.deleted')).toEqual(['org']);
    expect(eventSources('invoice.created')).toEqual(['subscription', 'billing-job']);
    expect(eventSources('alert.triggered')).toEqual(['device']);
    expect(eventSources('webhook.test')).toEqual(['webhook']);
    for (const source of publishingSources) expect(typesPublishedBy(source).length).toBeGreaterThan(0);
    expect(typesPublishedBy('billing-job').sort()).toEqual([
      'invoice.created',
      'invoice.overdue',
      'invoice.paid',
      'payment.failed',
      'payment.refunded',
      'payment.succeeded',
    ]);
    expect(typesPublishedBy('nobody')).toEqual([]);
  });

  it('trusts an envelope only on its own subject and from a source allowed for its type', () => {
    expect(distrust('user.login', login)).toBeNull();
    expect(distrust('user.created', login)).toEqual({
      reason: 'type_mismatch',
      detail: 'envelope type user.login on the subject of user.created',
    });
    expect(distrust('user.login', { ...login, source: 'device' })).toEqual({
      reason: 'source_not_allowed',
      detail: 'source device may not publish user.login',
    });
    expect(isAllowedSource('user.exploded', 'user')).toBe(false);
  });

  it('serves the catalog with its version and a revision that follows its content', () => {
    const document = catalogDocument();
    expect(document.version).toBe(CATALOG_VERSION);
    expect(document.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(catalogDocument().revision).toBe(document.revision);
    expect(document.events.find((e) => e.type === 'payment.succeeded')!.sources).toEqual(['subscription', 'billing-job']);
  });
});
