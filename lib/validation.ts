// Input rules shared by every schema, and the conversion of a zod failure into the domain's
// ValidationError with per-field messages.
import { z } from "zod";
import { ValidationError, type FieldErrors } from "@/lib/errors";

/** One line of text: no control characters (C0, DEL, C1) and no Unicode line or paragraph
 * separator. PostgreSQL also refuses U+0000 in text columns. */
export const SINGLE_LINE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/u;

/** One-line text of at most `max` characters (code points, as zod and JSON Schema's maxLength
 * count them), trimmed once it passed. The rules apply to the text as sent, so the OpenAPI
 * document (which states them as pattern and maxLength) and the handlers agree exactly. */
export function singleLineText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .regex(SINGLE_LINE, { message: `${label} must be a single line without control characters`, abort: true })
    .max(max, { message: `${label} must be at most ${max} characters`, abort: true })
    .trim();
}

/** The ids the database hands out (cuid); anything else cannot name a row. */
export const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const recordIdSchema = z.string().regex(RECORD_ID, "Not a valid id");

/** Pages beyond this are refused rather than turned into huge OFFSETs. */
export const MAX_PAGE = 10_000;
export const pageSchema = z.coerce
  .number()
  .int("Page must be a whole number")
  .min(1, "Page must be at least 1")
  .max(MAX_PAGE, `Page must be at most ${MAX_PAGE}`)
  .default(1);

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
