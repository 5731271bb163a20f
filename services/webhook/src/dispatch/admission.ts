/**
 * Ingest's question, per new delivery: does the local worker take it straight away (the fast path, see
 * Dispatcher.reserve)? `admitted`: created in flight for this worker. `full`: its lane has no room now; room
 * will come as requests finish. `elsewhere`: this worker will not take it by the fast path whatever its room
 * (ordered, disabled, resting, a limit held across workers, stopping): created pending, for a claim.
 */
export type AdmissionVerdict = 'admitted' | 'full' | 'elsewhere';

export interface Admission {
  admit(endpointId: string): AdmissionVerdict;
  /** The lease under which admitted deliveries are created. */
  leaseMs: number;
  /** The worker they are created for. */
  workerId: string;
}
