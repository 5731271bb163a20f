import { z } from 'zod';

const email = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());
const password = z.string().min(8, 'at least 8 characters').max(256);

export const registerRequest = z.strictObject({
  email,
  password,
  name: z.string().trim().min(1).max(200),
});
export type RegisterRequest = z.infer<typeof registerRequest>;

export const loginRequest = z.strictObject({
  email,
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const updateProfileRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    /** An https:// image URL, or null to remove it. */
    avatar_url: z
      .url({ protocol: /^https$/, error: 'an https:// URL' })
      .max(2048)
      .nullable()
      .optional(),
  })
  .refine((r) => r.name !== undefined || r.avatar_url !== undefined, { message: 'give name or avatar_url: nothing to change' });
export type UpdateProfileRequest = z.infer<typeof updateProfileRequest>;

export const changePasswordRequest = z
  .strictObject({ current_password: z.string().min(1).max(256), new_password: password })
  .refine((r) => r.current_password !== r.new_password, { message: 'must differ from current_password', path: ['new_password'] });
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const verifyEmailRequest = z.strictObject({ token: z.string().min(20).max(200) });
export type VerifyEmailRequest = z.infer<typeof verifyEmailRequest>;

export const adminUpdateUserRequest = z
  .strictObject({
    role: z.enum(['user', 'admin']).optional(),
    email: email.optional(),
    status: z.enum(['active', 'suspended']).optional(),
  })
  .refine((r) => r.role !== undefined || r.email !== undefined || r.status !== undefined, {
    message: 'give role, email or status: nothing to change',
  });
export type AdminUpdateUserRequest = z.infer<typeof adminUpdateUserRequest>;

export const userParams = z.strictObject({ id: z.string().min(1).max(100) });

export const listUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The last id of the previous page. */
  after: z.string().max(100).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
