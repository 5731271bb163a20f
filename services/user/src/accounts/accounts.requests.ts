import { z } from 'zod';

const email = z.email().max(320).transform((e) => e.toLowerCase());

export const registerRequest = z.strictObject({
  email,
  password: z.string().min(8, 'at least 8 characters').max(256),
  name: z.string().trim().min(1).max(200),
});
export type RegisterRequest = z.infer<typeof registerRequest>;

export const loginRequest = z.strictObject({
  email,
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequest>;
