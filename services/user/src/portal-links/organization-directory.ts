import { HttpMemberships, type Principal } from '@ops/auth';
import { ApiError, NotFoundError } from '@ops/http';

/**
 * The organization service, asked with the caller's own token whether an organization exists for them and what
 * they are in it. The URL may arrive after start: the all-in-one launcher starts the organization service after
 * this one (it verifies tokens with our keys) and hands its URL over then.
 */
export class OrganizationDirectory {
  private memberships: HttpMemberships | undefined;

  constructor(private url: string | undefined) {
    if (url) this.useUrl(url);
  }

  useUrl(url: string): void {
    this.url = url;
    // Not cached: minting a portal link must see a role taken away a moment ago.
    this.memberships = new HttpMemberships({ url, cacheMs: 0 });
  }

  /** The caller's role there (null: not a member), or 404 when the organization does not exist for them. */
  async roleOf(orgId: string, principal: Principal, token: string): Promise<string | null> {
    if (!this.url || !this.memberships)
      throw new ApiError('OPS_ERR_UPSTREAM', 'the organization service is not configured (ORG_SERVICE_URL)');
    if (!(await this.exists(this.url, orgId, token))) throw new NotFoundError(`no organization ${orgId}`);
    return (await this.memberships.rolesOf(principal, token))[orgId] ?? null;
  }

  private async exists(url: string, orgId: string, token: string): Promise<boolean> {
    let res: Response;
    try {
      res = await fetch(`${url}/api/v1/org/${encodeURIComponent(orgId)}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5_000),
      });
    } catch (err) {
      throw new ApiError(
        'OPS_ERR_UPSTREAM',
        `the organization service does not answer: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    await res.body?.cancel();
    if (res.status === 404) return false;
    if (!res.ok) throw new ApiError('OPS_ERR_UPSTREAM', `the organization service answered ${res.status}`);
    return true;
  }
}
