export {
  createHttpApp,
  DEFAULT_BODY_LIMIT_BYTES,
  type HttpAppOptions,
  type NestFastifyApplication,
  type FastifyInstance,
} from './create-http-app.js';
export { ErrorFilter, sendError } from './error-filter.js';
export { errorResponse, type ErrorResponse } from './error-response.js';
export { ZodPipe } from './zod-pipe.js';
export { HealthController, READINESS_CHECKS, type ReadinessCheck } from './health.controller.js';
export {
  errorCodes,
  ApiError,
  ValidationError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  TooManyRequestsError,
  type ErrorCode,
  type Issue,
} from './errors.js';
export { Public, PUBLIC_ROUTE } from './public.js';
export { QuietRequestLog } from './quiet-request-log.js';
export { openApiDocument, openApiController, type DocumentedApi, type OpenAPIObject, type ServiceInfo } from './openapi.js';
export { ValidBody, ValidQuery, ValidParams, Returns } from './api-decorators.js';
export { openApiSchema, isoTimestamp, page } from './api-schema.js';
export { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
export { mergeDocuments } from './merge-documents.js';
