import ipaddr from 'ipaddr.js';

/**
 * The IPv4 addresses an IPv6 address stands for, when it is one of the forms that carry one: the network (the
 * kernel, a NAT64 gateway, a 6to4 relay or a Teredo server) delivers to that IPv4 host, so the address must be
 * judged by it. Empty for an ordinary IPv6 address. IPv4-mapped (::ffff:0:0/96) is not listed: ipaddr's
 * process() already turns it into the IPv4 address itself.
 */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const parts = address.parts;
  const ipv4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  switch (address.range()) {
    // IPv4-compatible (::/96, deprecated by RFC 4291): `[::127.0.0.1]` is parsed as ::7f00:1, "unicast" to ipaddr.
    case 'unicast':
      return parts.slice(0, 6).every((part) => part === 0) ? [ipv4(parts[6]!, parts[7]!)] : [];
    // IPv4-translated (::ffff:0:0:0/96, RFC 6145).
    case 'rfc6145':
      return [ipv4(parts[6]!, parts[7]!)];
    // NAT64's well-known prefix 64:ff9b::/96 (RFC 6052). The local-use 64:ff9b:1::/48 (RFC 8215) places the
    // address by a prefix length only its operator knows, so it embeds nothing we can read and stays refused.
    case 'rfc6052':
      return parts[2] === 0 ? [ipv4(parts[6]!, parts[7]!)] : [];
    // 6to4 (2002::/16, RFC 3056): 2002:AABB:CCDD::/48 is the site behind A.B.C.D.
    case '6to4':
      return [ipv4(parts[1]!, parts[2]!)];
    // Teredo (2001::/32, RFC 4380): the server's address, then the client's with every bit inverted.
    case 'teredo':
      return [ipv4(parts[2]!, parts[3]!), ipv4(parts[6]! ^ 0xffff, parts[7]! ^ 0xffff)];
    default:
      return [];
  }
}
