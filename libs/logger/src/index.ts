export { createLogger, type Logger, type LoggerOptions } from './create-logger.js';
export { redactSecretValues } from './secret-values.js';
