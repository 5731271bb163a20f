import { describe, expect, it } from 'vitest';
import { DestinationPolicy } from './destination-policy.js';

const dns = (answers: Record<string, string[]>) => async (host: string) => {
  if (!answers[host]) throw new Error('ENOTFOUND');
  return answers[host]!;
};

describe('DestinationPolicy', () => {
  const policy = new DestinationPolicy(
    [],
    dns({ 'public.example': ['93.184.216.34'], 'inside.example': ['93.184.216.34', '10.0.0.7'], 'meta.example': ['169.254.169.254'] }),
  );

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, range) => {
    expect(policy.refusal(address)).toBe(`${address} is a ${range} address`);
  });

  // Each IPv6 form that carries an IPv4 address, refused by the address it leads to.
  it.each([
    ['::7f00:1', '127.0.0.1', 'loopback'], // IPv4-compatible, as `[::127.0.0.1]` parses
    ['::a00:5', '10.0.0.5', 'private'],
    ['::ffff:0:a9fe:a9fe', '169.254.169.254', 'linkLocal'], // IPv4-translated
    ['64:ff9b::7f00:1', '127.0.0.1', 'loopback'], // NAT64
    ['64:ff9b::c0a8:101', '192.168.1.1', 'private'],
    ['2002:a00:1::1', '10.0.0.1', 'private'], // 6to4
    ['2002:7f00:1::', '127.0.0.1', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1', 'loopback'], // Teredo, client 127.0.0.1
    ['2001:0:a00:1:8000:63bf:a2b7:cbdd', '10.0.0.1', 'private'], // Teredo, server 10.0.0.1
  ])('refuses %s by the IPv4 address it embeds (%s)', (address, ipv4, range) => {
    expect(policy.refusal(address)).toBe(`${address} is an address embedding ${ipv4}, a ${range} address`);
  });

  it('allows the embedding forms of a public IPv4 address, and refuses NAT64 local-use prefixes it cannot read', () => {
    expect(policy.refusal('64:ff9b::5db8:d822')).toBeNull();
    expect(policy.refusal('2002:5db8:d822::1')).toBeNull();
    expect(policy.refusal('64:ff9b:1::a00:1')).toBe('64:ff9b:1::a00:1 is a rfc6052 address');
  });

  it('does not let an allowed IPv4 range open its IPv4-compatible spelling', () => {
    const local = new DestinationPolicy(['127.0.0.1/32'], dns({}));
    expect(local.refusal('127.0.0.1')).toBeNull();
    expect(local.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(local.refusal('::7f00:1')).toMatch(/embedding 127\.0\.0\.1, a loopback address/);
  });

  it('allows public addresses', () => {
    expect(policy.refusal('93.184.216.34')).toBeNull();
    expect(policy.refusal('2606:2800:220:1::1')).toBeNull();
  });

  it('refuses a host when any of its addresses is private, or when it does not resolve', async () => {
    await expect(policy.check('https://public.example/hook')).resolves.toBeUndefined();
    await expect(policy.check('https://inside.example/hook')).rejects.toThrow('inside.example resolves to 10.0.0.7, a private address');
    await expect(policy.check('https://meta.example/hook')).rejects.toThrow(/linkLocal/);
    await expect(policy.check('https://nowhere.example/hook')).rejects.toThrow(/does not resolve/);
    await expect(policy.check('http://[::1]:8080/hook')).rejects.toThrow(/loopback/);
    await expect(policy.check('http://[::127.0.0.1]:8080/hook')).rejects.toThrow(
      '::7f00:1 is an address embedding 127.0.0.1, a loopback address',
    );
  });

  it('refuses, at connection, a name that resolves to an embedded loopback address', async () => {
    const lookup = new DestinationPolicy(['127.0.0.1/32'], dns({ 'compat.example': ['::7f00:1'] })).connectLookup();
    const error = await new Promise((resolve) => lookup('compat.example', { all: true }, resolve as never));
    expect(error).toMatchObject({
      message: 'destination refused: compat.example resolves to ::7f00:1, an address embedding 127.0.0.1, a loopback address',
    });
  });

  it('opens configured ranges only', async () => {
    const local = new DestinationPolicy(['127.0.0.0/8'], dns({}));
    expect(local.refusal('127.0.0.1')).toBeNull();
    expect(local.refusal('10.0.0.1')).toMatch(/private/);
    expect(local.refusal('::1')).toMatch(/loopback/);
  });
});
