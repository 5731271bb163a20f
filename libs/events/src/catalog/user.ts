import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { changedFields, email, id, isoTime } from '../fields.js';

const at = '2026-01-26T17:30:00.000Z';

export const userEvents = [
  defineEvent({
    type: 'user.created',
    domain: 'user',
    description: 'A user registered an account.',
    data: z.strictObject({ user_id: id, email, name: z.string(), subscription_tier: z.string(), created_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', name: 'John Doe', subscription_tier: 'trial', created_at: at },
  }),
  defineEvent({
    type: 'user.login',
    domain: 'user',
    description: 'A user signed in with a password.',
    data: z.strictObject({ user_id: id, email, login_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', login_at: at },
  }),
  defineEvent({
    type: 'user.logout',
    domain: 'user',
    description: 'A user signed out; the access token was revoked.',
    data: z.strictObject({ user_id: id, email, logout_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', logout_at: at },
  }),
  defineEvent({
    type: 'user.updated',
    domain: 'user',
    description: "An administrator changed a user's role, email or status.",
    data: z.strictObject({
      user_id: id,
      email,
      role: z.string(),
      status: z.string(),
      changes: changedFields,
      updated_by: z.string(),
      updated_at: isoTime,
    }),
    example: {
      user_id: 'usr_0194b8a2c3d47e5f',
      email: 'user@example.com',
      role: 'admin',
      status: 'active',
      changes: ['role'],
      updated_by: 'admin@example.com',
      updated_at: at,
    },
  }),
  defineEvent({
    type: 'user.deleted',
    domain: 'user',
    description: 'A user account was deleted, by its owner or an administrator.',
    data: z.strictObject({ user_id: id, email, deleted_by: z.string(), deleted_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', deleted_by: 'user@example.com', deleted_at: at },
  }),
  defineEvent({
    type: 'user.password_changed',
    domain: 'user',
    description: 'A user changed their password.',
    data: z.strictObject({ user_id: id, email, changed_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', changed_at: at },
  }),
  defineEvent({
    type: 'user.email_verified',
    domain: 'user',
    description: 'A user confirmed their email address.',
    data: z.strictObject({ user_id: id, email, verified_at: isoTime }),
    example: { user_id: 'usr_0194b8a2c3d47e5f', email: 'user@example.com', verified_at: at },
  }),
  defineEvent({
    type: 'user.profile_updated',
    domain: 'user',
    description: 'A user changed their own profile (name, avatar).',
    data: z.strictObject({
      user_id: id,
      email,
      name: z.string(),
      avatar_url: z.string().nullable(),
      changes: changedFields,
      updated_at: isoTime,
    }),
    example: {
      user_id: 'usr_0194b8a2c3d47e5f',
      email: 'user@example.com',
      name: 'Jane Doe',
      avatar_url: null,
      changes: ['name'],
      updated_at: at,
    },
  }),
] as const;
