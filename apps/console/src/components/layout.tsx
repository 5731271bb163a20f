import type { ReactNode } from 'react';
import { accountsApi } from '../api/platform.js';
import { useRoute } from '../router.js';
import { sessionStore, type Session } from '../session/session.js';
import { OrganizationSwitcher } from './organization-switcher.js';
import { PortalLinkButton } from './portal-link-button.js';

export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  const [section = 'endpoints'] = useRoute();
  const portal = session.kind === 'portal';
  const links = [
    ['endpoints', 'Endpoints'],
    ['catalog', 'Event catalog'],
    ...(portal ? [] : [['replays', 'Replays']]),
    ...(session.isAdmin ? [['status', 'Platform status']] : []),
  ];
  const signOut = async () => {
    await accountsApi.signOut().catch(() => undefined);
    sessionStore.end();
  };
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Ops Center{portal ? ' · Webhook portal' : ''}</span>
        {portal ? (
          <span className="org-fixed" data-testid="portal-org">
            Organization {session.portalOrg}
          </span>
        ) : (
          <OrganizationSwitcher />
        )}
        <nav>
          {links.map(([key, label]) => (
            <a key={key} href={`#/${key}`} className={section === key ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        {!portal && <PortalLinkButton />}
        {portal ? (
          <span className="muted">until {new Date(session.expiresAt * 1000).toLocaleTimeString()}</span>
        ) : (
          <>
            <span className="muted">{session.email}</span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      <main>{children}</main>
    </div>
  );
}
