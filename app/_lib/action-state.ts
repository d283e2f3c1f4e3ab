// The result a server action returns to its form (expected errors are returned, not thrown).
import { DomainError, ValidationError, ConflictError } from "@/lib/errors";
import type { FieldErrors } from "@/lib/errors";

export type ActionState =
  | { ok: true; message?: string }
  | { ok: false; message: string; fieldErrors?: FieldErrors; values?: Record<string, string> }
  | null;

/** React resets a form after its action runs, so a failed action hands back what was typed
 * (never passwords) for the form to show again. */
export function actionError(error: unknown, values?: Record<string, string>): ActionState {
  if (error instanceof ValidationError || error instanceof ConflictError) {
    return { ok: false, message: error.message, fieldErrors: error.fieldErrors, values };
  }
  if (error instanceof DomainError) return { ok: false, message: error.message, values };
  console.error(JSON.stringify({ level: "error", msg: "server action failed", error: String(error) }));
  return { ok: false, message: "Something went wrong. Try again in a moment." };
}

/** actionError() for actions whose success carries data of its own: always the failed state. */
export function actionFailure(error: unknown): Exclude<ActionState, { ok: true } | null> {
  const result = actionError(error);
  return result && !result.ok ? result : { ok: false, message: "Something went wrong. Try again in a moment." };
}
