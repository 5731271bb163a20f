import { SetMetadata } from '@nestjs/common';

/** Metadata key read by the authentication guard. */
export const PUBLIC_ROUTE = 'ops:public';

/** Marks a route that needs no token (health, login, register, JWKS). Everything else does. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
