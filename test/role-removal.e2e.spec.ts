import { waitFor } from '@ops/testing';
import { describe, expect, it } from 'vitest';
import { usePlatformFixture } from './platform.fixture.js';

/**
 * Roles are cached for a minute here, as a busy deployment might set it; removing a member from an organization
 * must still end their access at once, at every service, through organization.member_removed on the stream.
 */
const suite = usePlatformFixture({ ORG_ROLES_CACHE_MS: '60000' });

describe('a member removed from an organization', () => {
  it('loses write access at the device and webhook services at once, not when the role cache expires', async () => {
    const owner = await suite.f.signUp('role-owner@example.com');
    const admin = await suite.f.signUp('role-admin@example.com');
    const orgId = (await owner.client.post('/api/v1/org', { name: 'Roles', plan_tier: 'starter' })).body.organization_id as string;
    await waitFor(
      'the admin to be added',
      async () => (await owner.client.post(`/api/v1/org/${orgId}/members`, { email: admin.email, role: 'admin' })).status === 201,
    );

    let n = 0;
    const device = () =>
      admin.client.post('/api/v1/devices', {
        org_id: orgId,
        device_name: `Sensor ${n}`,
        hardware_id: `hw-role-${n++}`,
        firmware_version: '1.0.0',
      });
    const endpoint = () => admin.client.post('/api/v1/webhooks', { url: suite.receiver.url, events: ['device.*'], org_id: orgId });
    // Both services look the admin's roles up now, and would keep them for a minute.
    expect((await device()).status).toBe(201);
    expect((await endpoint()).status).toBe(201);

    expect((await owner.client.delete(`/api/v1/org/${orgId}/members/${admin.userId}`)).status).toBe(204);
    await waitFor('the device service to refuse the removed member', async () => (await device()).status === 403, { timeoutMs: 5_000 });
    await waitFor('the webhook service to refuse the removed member', async () => (await endpoint()).status === 403, { timeoutMs: 5_000 });
  });
});
