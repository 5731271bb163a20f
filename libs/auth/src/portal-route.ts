import { SetMetadata } from '@nestjs/common';

export const PORTAL_ROUTE = 'ops:portal-route';

/**
 * Opens a route (or every route of a controller) to portal links' tokens. Every other route refuses them
 * (403): a portal link reaches an organization's endpoints, deliveries and catalog, never the rest of the API.
 * The route's own checks still apply, with the portal's one organization as the caller's only one.
 */
export const PortalRoute = () => SetMetadata(PORTAL_ROUTE, true);
