import type { components, operations } from '@ops/api-client';

/** The API's answers, as the generated client types them (from the services' own response schemas). */
type Schemas = components['schemas'];

export type Organization = Schemas['Organization'];
export type Endpoint = Schemas['Endpoint'];
export type FilterCondition = NonNullable<Endpoint['filter']>[number];
export type EndpointStats = Schemas['EndpointStats'];
export type Figures = EndpointStats['last_hour'];
export type Replay = Schemas['Replay'];
export type PlatformStatus = Schemas['PlatformStatus'];
export type DeliveryStatus = Schemas['Delivery']['status'];

/** The JSON body an operation takes. */
export type RequestBody<O extends keyof operations> = NonNullable<operations[O]['requestBody']>['content']['application/json'];
