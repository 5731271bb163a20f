export interface CircuitBreakerOptions {
  /** Consecutive failed attempts that open an endpoint's circuit. */
  failureThreshold: number;
  /** How long an open circuit rests before one probe; doubled after each failed probe. */
  openMs: number;
  /** The longest rest. */
  maxOpenMs: number;
}

interface Circuit {
  failures: number;
  /** When the rest ends (0: closed). */
  openUntil: number;
  openMs: number;
  probing: boolean;
}

/**
 * A circuit breaker per endpoint: after a run of failures the endpoint rests, then one probe goes out; a
 * success closes the circuit, a failure rests it twice as long. A failing endpoint is probed, not hammered,
 * and its deliveries wait in the table meanwhile (with their retry schedules untouched). Failures are counted
 * in each worker; a circuit one worker opens is adopted by the others (SharedCircuits), and a probe that
 * succeeds anywhere closes it everywhere.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether an attempt to this endpoint may start now. When the rest is over, lets exactly one probe through. */
  allows(endpointId: string): boolean {
    const circuit = this.circuits.get(endpointId);
    if (!circuit || circuit.openUntil === 0) return true;
    if (circuit.probing || this.now() < circuit.openUntil) return false;
    circuit.probing = true;
    return true;
  }

  /** When the endpoint's rest ends, or 0 if its circuit is closed. */
  openUntil(endpointId: string): number {
    return this.circuits.get(endpointId)?.openUntil ?? 0;
  }

  /** Is the endpoint resting now (no claims, no new deliveries taken for it)? */
  resting(endpointId: string): boolean {
    return this.openUntil(endpointId) > this.now();
  }

  /** The endpoints resting now. */
  restingEndpoints(): string[] {
    return [...this.circuits.keys()].filter((id) => this.resting(id));
  }

  /** How long the endpoint's current rest is, or 0 if its circuit is closed. */
  openMs(endpointId: string): number {
    const circuit = this.circuits.get(endpointId);
    return circuit && circuit.openUntil > 0 ? circuit.openMs : 0;
  }

  /**
   * Counts an attempt's outcome; says `opened` when this failure opened (or re-opened) the circuit, `closed`
   * when this success closed one that had been open.
   */
  record(endpointId: string, ok: boolean): 'opened' | 'closed' | undefined {
    if (ok) {
      const wasOpen = (this.circuits.get(endpointId)?.openUntil ?? 0) > 0;
      this.circuits.delete(endpointId);
      return wasOpen ? 'closed' : undefined;
    }
    const circuit = this.circuits.get(endpointId) ?? { failures: 0, openUntil: 0, openMs: this.options.openMs, probing: false };
    this.circuits.set(endpointId, circuit);
    if (circuit.probing) {
      circuit.probing = false;
      circuit.openMs = Math.min(2 * circuit.openMs, this.options.maxOpenMs);
      circuit.openUntil = this.now() + circuit.openMs;
      return 'opened';
    }
    circuit.failures++;
    if (circuit.openUntil === 0 && circuit.failures >= this.options.failureThreshold) {
      circuit.openUntil = this.now() + circuit.openMs;
      return 'opened';
    }
    return undefined;
  }

  /**
   * Another worker opened the endpoint's circuit until `openUntil`: rest it here too, unless this worker's own
   * circuit already rests longer or is probing.
   */
  adopt(endpointId: string, openUntil: number, openMs: number): void {
    const circuit = this.circuits.get(endpointId);
    if (circuit && (circuit.probing || circuit.openUntil >= openUntil)) return;
    this.circuits.set(endpointId, { failures: this.options.failureThreshold, openUntil, openMs, probing: false });
  }

  /** Closes the open circuits of endpoints no worker holds open any more (a probe elsewhere succeeded). */
  closeAllBut(stillOpen: ReadonlySet<string>): void {
    for (const [endpointId, circuit] of this.circuits) {
      if (circuit.openUntil > 0 && !circuit.probing && !stillOpen.has(endpointId)) this.circuits.delete(endpointId);
    }
  }
}
