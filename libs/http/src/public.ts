import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Metadata key read by the authentication guard. */
export const PUBLIC_ROUTE = 'ops:public';

/** Marks a public operation for the document builder, which turns it into `security: []` (openapi.ts). */
export const PUBLIC_EXTENSION = 'x-ops-public';

/** Marks a route that needs no token (health, login, register, JWKS). Everything else does. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));
