import { describe, expect, it } from 'vitest';
import { DestinationPolicy } from './destination-policy.js';

const dns = (answers: Record<string, string[]>) => async (host: string) => {
  if (!answers[host]) throw new Error('ENOTFOUND');
  return answers[host]!;
};

describe('DestinationPolicy', () => {
  const policy = new DestinationPolicy([], dns({ 'public.example': ['93.184.216.34'], 'inside.example': ['93.184.216.34', '10.0.0.7'], 'meta.example': ['169.254.169.254'] }));

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
  });

  it('opens configured ranges only', async () => {
    const local = new DestinationPolicy(['127.0.0.0/8'], dns({}));
    expect(local.refusal('127.0.0.1')).toBeNull();
    expect(local.refusal('10.0.0.1')).toMatch(/private/);
    expect(local.refusal('::1')).toMatch(/loopback/);
  });
});
