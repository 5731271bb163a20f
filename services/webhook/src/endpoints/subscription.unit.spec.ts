import { describe, expect, it } from 'vitest';
import { subscriptionMatches, subscriptionProblem } from './subscription.js';

describe('subscriptions', () => {
  it.each([
    [['user.created'], 'user.created', true],
    [['user.created'], 'user.login', false],
    [['user.*'], 'user.login', true],
    [['user.*'], 'subscription.created', false],
    [['*'], 'alert.resolved', true],
    [['device.*', 'user.login'], 'user.login', true],
    [['payment.*'], 'payment.refunded', true],
    [['invoice.*'], 'payment.refunded', false],
    [[], 'user.created', false],
  ])('%j matches %s: %s', (patterns, type, expected) => {
    expect(subscriptionMatches(patterns, type)).toBe(expected);
  });

  it('does not let a family match a longer first word', () => {
    expect(subscriptionMatches(['user.*'], 'users.created')).toBe(false);
  });

  it.each([
    ['user.created', null],
    ['user.*', null],
    ['*', null],
    ['user.exploded', "unknown event type 'user.exploded'"],
    ['robot.*', "unknown event family 'robot.*'"],
    ['user.>', "unknown event type 'user.>'"],
    ['', "unknown event type ''"],
  ])('validates %j', (pattern, problem) => {
    expect(subscriptionProblem(pattern)).toBe(problem);
  });
});
