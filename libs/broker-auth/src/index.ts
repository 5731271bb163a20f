export { brokerPermissions, platformServices, OPERATOR_USER, type BrokerLayout, type Permissions } from './permissions.js';
export { authorizationBlock, type BrokerUser } from './server-config.js';
export { generateBrokerAuth, readCredentials, type Credentials, type GeneratedAuth } from './generate.js';
