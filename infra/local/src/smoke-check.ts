import type { Logger } from '@ops/logger';
import { api, Receiver, waitFor } from '@ops/testing';
import { Webhook } from 'standardwebhooks';
import type { Platform } from './platform.js';

/**
 * Shows the platform working, end to end, the way a user would: a webhook to a local receiver,
 * a registration and a login, and the two signed deliveries verified with the standardwebhooks package.
 * The endpoint is removed afterwards.
 */
export async function smokeCheck(platform: Platform, admin: { email: string; password: string }, logger: Logger): Promise<void> {
  const receiver = await Receiver.start();
  const login = await api(platform.user.url).post('/auth/login/password', admin);
  if (login.status !== 200) throw new Error(`admin login failed: ${JSON.stringify(login.body)}`);
  const webhooks = api(platform.webhook.url, login.body.access_token);
  const endpoint = await webhooks.post('/api/v1/webhooks', {
    url: receiver.url,
    events: ['user.*'],
    description: 'smoke check (removed after)',
  });
  if (endpoint.status !== 201) throw new Error(`endpoint creation failed: ${JSON.stringify(endpoint.body)}`);
  try {
    const email = `demo+${Date.now()}@example.com`;
    const started = Date.now();
    await api(platform.user.url).post('/auth/register', { email, password: 'SecurePass123!', name: 'Demo User' });
    await api(platform.user.url).post('/auth/login/password', { email, password: 'SecurePass123!' });
    const requests = await receiver.waitForRequests(2, 15_000);
    const verifier = new Webhook(endpoint.body.secret);
    for (const request of requests) {
      const body = verifier.verify(request.body, request.headers as Record<string, string>) as { event: string; id: string };
      logger.info(
        { event: body.event, webhookId: request.headers['webhook-id'], afterMs: request.receivedAt - started },
        'smoke check: signed webhook received and verified',
      );
    }
    const deliveries = await waitFor('both deliveries logged as succeeded', async () => {
      const res = await webhooks.get(`/api/v1/webhooks/${endpoint.body.id}/deliveries`);
      return res.body.data.filter((d: { status: string }) => d.status === 'succeeded').length === 2 ? res : null;
    });
    logger.info(
      { deliveries: deliveries.body.data.map((d: { event: string; status: string }) => `${d.event}: ${d.status}`) },
      'smoke check: delivery log',
    );
  } finally {
    await webhooks.delete(`/api/v1/webhooks/${endpoint.body.id}`);
    await receiver.close();
  }
}
