export class InvalidSecretError extends Error {
  readonly code = 'OPS_ERR_INVALID_SECRET';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSecretError';
  }
}
