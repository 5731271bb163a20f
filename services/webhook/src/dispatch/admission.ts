/** Ingest asks, per new delivery, whether the local worker takes it straight away (the fast path, see Dispatcher.reserve). */
export interface Admission {
  admit(endpointId: string): boolean;
  /** The lease under which admitted deliveries are created. */
  leaseMs: number;
  /** The worker they are created for. */
  workerId: string;
}
