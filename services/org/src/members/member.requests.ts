import { z } from 'zod';
import { memberRoles } from '../schema.js';

const role = z.enum(memberRoles);

export const addMemberRequest = z.strictObject({
  /** A registered user's email. */
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  role,
});
export type AddMemberRequest = z.infer<typeof addMemberRequest>;

export const updateMemberRequest = z.strictObject({ role });
export type UpdateMemberRequest = z.infer<typeof updateMemberRequest>;

export const memberParams = z.strictObject({ id: z.string().min(1).max(100), userId: z.string().min(1).max(100) });
