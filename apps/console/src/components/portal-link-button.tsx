import { useMutation } from '@tanstack/react-query';
import { accountsApi } from '../api/platform.js';
import { useSelectedOrganization } from '../session/selected-organization.js';
import { ErrorNote } from './error-note.js';

/** Mints a portal link for the selected organization: the API decides who may (its owners, platform admins). */
export function PortalLinkButton() {
  const orgId = useSelectedOrganization();
  const mint = useMutation({ mutationFn: () => accountsApi.mintPortalLink(orgId!) });
  if (!orgId) return null;
  const link = mint.data && `${window.location.origin}${mint.data.path}`;
  return (
    <span className="portal-link">
      <button type="button" onClick={() => mint.mutate()} disabled={mint.isPending}>
        Portal link
      </button>
      {link && (
        <input
          readOnly
          aria-label="Portal link"
          value={link}
          onFocus={(e) => e.target.select()}
          title={`expires ${new Date(mint.data!.expires_at).toLocaleString()}`}
        />
      )}
      <ErrorNote error={mint.error} />
    </span>
  );
}
