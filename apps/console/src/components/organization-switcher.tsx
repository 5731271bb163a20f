import { useQuery } from '@tanstack/react-query';
import { organizationsApi } from '../api/platform.js';
import { selectOrganization, useSelectedOrganization } from '../session/selected-organization.js';
import { useSession } from '../session/use-session.js';

export function OrganizationSwitcher() {
  const session = useSession();
  const selected = useSelectedOrganization();
  const orgs = useQuery({ queryKey: ['organizations'], queryFn: organizationsApi.list });
  return (
    <label className="switcher">
      Organization{' '}
      <select aria-label="Organization" value={selected ?? ''} onChange={(e) => selectOrganization(e.target.value || undefined)}>
        {session?.isAdmin ? <option value="">Every organization (admin)</option> : <option value="">All of mine</option>}
        {orgs.data?.data.map((org) => (
          <option key={org.organization_id} value={org.organization_id}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}
