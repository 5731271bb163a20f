/** An event this publisher may not send: the broker would refuse its subject, or consumers its source. */
export class NotAllowedError extends Error {
  readonly code = 'OPS_ERR_NOT_ALLOWED';
  constructor(message: string) {
    super(message);
    this.name = 'NotAllowedError';
  }
}
