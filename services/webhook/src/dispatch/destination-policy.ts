import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { embeddedIPv4 } from './embedded-ipv4.js';

/** Resolves a host name to its addresses; the system resolver unless a test gives its own. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A delivery or an endpoint was refused because its URL leads where webhooks must not go. */
export class DestinationRefusedError extends Error {
  readonly code = 'OPS_ERR_DESTINATION_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'DestinationRefusedError';
  }
}

/**
 * SSRF protection: a webhook URL may only lead to public unicast addresses, so that nobody can make the
 * platform call its own network (databases, admin consoles, the cloud metadata service at 169.254.169.254).
 * An IPv6 address that embeds an IPv4 one (IPv4-compatible, -mapped, -translated, NAT64, 6to4, Teredo) is
 * judged by the IPv4 address it leads to.
 * Checked when an endpoint is saved and again at every connection, since DNS answers can change.
 * `allowedCidrs` opens ranges on purpose (loopback for tests and local demos, a partner's VPN range).
 */
export class DestinationPolicy {
  private readonly allowed: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;

  constructor(
    allowedCidrs: readonly string[],
    readonly resolve: Resolver = systemResolver,
  ) {
    this.allowed = allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Why this address is refused (`10.0.0.5 is a private address`), or null when it may be called. */
  refusal(address: string): string | null {
    const reason = this.refusedAs(address);
    return reason ? `${address} is ${reason}` : null;
  }

  /** `a private address`, or null when the address may be called. */
  private refusedAs(address: string): string | null {
    // process() unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1), which would otherwise pass as "ipv4Mapped".
    const parsed = ipaddr.process(address);
    if (this.isAllowed(parsed)) return null;
    // The other forms that carry an IPv4 address are judged by it alone: an allowed IPv4 range does not open
    // its IPv6 spellings, which nobody configures a receiver with on purpose.
    const embedded = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : [];
    for (const ipv4 of embedded) {
      const range = ipv4.range();
      if (range !== 'unicast') return `an address embedding ${ipv4.toString()}, a ${range} address`;
    }
    const range = parsed.range();
    return range === 'unicast' || embedded.length > 0 ? null : `a ${range} address`;
  }

  private isAllowed(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.allowed.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }

  /** Resolves the URL's host and refuses it unless every address may be called. */
  async check(url: string): Promise<void> {
    const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(hostname)) {
      const refusal = this.refusal(hostname);
      if (refusal) throw new DestinationRefusedError(refusal);
      return;
    }
    const problem = this.problemWith(hostname, await this.resolve(hostname).catch(() => []));
    if (problem) throw new DestinationRefusedError(problem);
  }

  /** `x.example resolves to 10.1.1.1, a private address`, or null when every address may be called. */
  private problemWith(hostname: string, addresses: readonly string[]): string | null {
    if (addresses.length === 0) return `${hostname} does not resolve`;
    for (const address of addresses) {
      const reason = this.refusedAs(address);
      if (reason) return `${hostname} resolves to ${address}, ${reason}`;
    }
    return null;
  }

  /**
   * A `lookup` for net.connect: the address actually connected to is the one checked, so a DNS answer that
   * changed since the endpoint was saved (or between a check and the connection) cannot slip through.
   */
  connectLookup(): LookupFunction {
    const lookup = (hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void): void => {
      this.resolve(hostname).then(
        (addresses) => {
          const problem = this.problemWith(hostname, addresses);
          if (problem) return callback(new DestinationRefusedError(`destination refused: ${problem}`));
          const all = addresses.map((address) => ({ address, family: isIP(address) }));
          if (options.all) callback(null, all);
          else callback(null, all[0]!.address, all[0]!.family);
        },
        (err: unknown) => callback(err),
      );
    };
    // Node overloads lookup's callback by `options.all`; one implementation serves both shapes.
    return lookup as unknown as LookupFunction;
  }
}
