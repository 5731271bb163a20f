import { useEffect } from 'react';
import { Layout } from './components/layout.js';
import { CatalogPage } from './pages/catalog-page.js';
import { EndpointDetailPage } from './pages/endpoint-detail-page.js';
import { EndpointFormPage } from './pages/endpoint-form-page.js';
import { EndpointsPage } from './pages/endpoints-page.js';
import { PortalClosedPage } from './pages/portal-closed-page.js';
import { ReplaysPage } from './pages/replays-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { StatusPage } from './pages/status-page.js';
import { redirect, useRoute } from './router.js';
import { portalSession, sessionStore } from './session/session.js';
import { useSession } from './session/use-session.js';

export function App() {
  const route = useRoute();
  const session = useSession();

  // Opening a portal link: take its token out of the address, keep it for this tab only.
  useEffect(() => {
    if (route[0] !== 'portal' || !route[1]) return;
    const portal = portalSession(route[1]);
    if (portal && portal.expiresAt * 1000 > Date.now()) sessionStore.start(portal);
    else sessionStore.end('This portal link is not valid or has expired.', true);
    redirect('/endpoints');
  }, [route]);

  if (route[0] === 'portal') return null;
  const ended = sessionStore.ended();
  if (!session) return ended?.portal ? <PortalClosedPage reason={ended.reason ?? ''} /> : <SignInPage />;
  return <Layout session={session}>{page(route, session.kind === 'portal', session.isAdmin)}</Layout>;
}

function page(route: string[], portal: boolean, admin: boolean) {
  const [section, id, sub] = route;
  if (section === 'catalog') return <CatalogPage />;
  if (section === 'replays' && !portal) return <ReplaysPage />;
  if (section === 'status' && admin) return <StatusPage />;
  if (section === 'endpoints' && id === 'new') return <EndpointFormPage />;
  if (section === 'endpoints' && id && sub === 'edit') return <EndpointFormPage endpointId={id} />;
  if (section === 'endpoints' && id) return <EndpointDetailPage endpointId={id} />;
  return <EndpointsPage />;
}
