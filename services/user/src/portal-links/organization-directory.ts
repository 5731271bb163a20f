import { ApiError, NotFoundError } from '@ops/http';

/**
 * Asks the organization service, with the caller's own token, what the caller is in an organization. The URL
 * may arrive after start: the all-in-one launcher starts the organization service after this one (it verifies
 * tokens with our keys) and hands its URL over then.
 */
export class OrganizationDirectory {
  constructor(private url: string | undefined) {}

  useUrl(url: string): void {
    this.url = url;
  }

  /** The caller's role there (null: not a member), or 404 when the organization does not exist for them. */
  async roleOf(orgId: string, token: string): Promise<string | null> {
    const org = await this.get(`/api/v1/org/${encodeURIComponent(orgId)}`, token);
    if (org.status === 404) throw new NotFoundError(`no organization ${orgId}`);
    const memberships = (await this.get('/api/v1/org/memberships', token)).body as { memberships: Record<string, string> };
    return memberships.memberships[orgId] ?? null;
  }

  private async get(path: string, token: string): Promise<{ status: number; body: unknown }> {
    if (!this.url) throw new ApiError('OPS_ERR_UPSTREAM', 'the organization service is not configured (ORG_SERVICE_URL)');
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
    } catch (err) {
      throw new ApiError(
        'OPS_ERR_UPSTREAM',
        `the organization service does not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return { status: 404, body: null };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ApiError('OPS_ERR_UPSTREAM', `the organization service answered ${res.status}`);
    }
    return { status: res.status, body: await res.json() };
  }
}
