// Turns a zod failure into the domain's ValidationError with per-field messages.
import type { z } from "zod";
import { ValidationError, type FieldErrors } from "@/lib/errors";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".");
    if (!field) formErrors.push(issue.message);
    else (fieldErrors[field] ??= []).push(issue.message);
  }
  throw new ValidationError(formErrors[0] ?? "Some fields are not valid", fieldErrors);
}
