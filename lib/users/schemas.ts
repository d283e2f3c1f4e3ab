// Input schemas for accounts, shared by forms, server actions, route handlers and tests.
import { z } from "zod";
import { singleLineText } from "@/lib/validation";

export const emailSchema = z
  .string()
  .trim()
  .max(254, "E-mail address is too long")
  .pipe(z.email("Enter a valid e-mail address"))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, "Password must be at least 10 characters")
  .max(200, "Password must be at most 200 characters");

export const signUpSchema = z.object({
  name: singleLineText("Name", 100).pipe(z.string().min(1, "Enter your name")),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

/** What an administrator may change; every field is optional and {} changes nothing. */
export const userUpdateSchema = z.object({
  role: z.enum(["admin", "member"]).optional(),
  storeQuota: z.number({ error: "Quota must be a number" }).int("Quota must be a whole number").min(0, "Quota cannot be negative").max(1000, "Quota must be at most 1000").optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;
