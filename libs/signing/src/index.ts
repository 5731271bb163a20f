export { generateSecret, secretKey } from './secret.js';
export { signWebhook, signatureFor, type SignInput, type WebhookHeaders } from './sign.js';
export { InvalidSecretError } from './errors.js';
