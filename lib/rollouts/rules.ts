// The rules of fleet rollouts, pure so each is unit-tested: what an operator may send, how stores
// are split into a canary batch and batches, which controls each rollout state allows, and what a
// store's row says about its upgrade. The portal (lib/rollouts/service.ts) and the worker that
// drives rollouts (lib/worker/rollouts.ts) both read them from here.
import { z } from "zod";
import { recordIdSchema } from "@/lib/validation";
import { SETTLED_PHASE, type Desired, type Phase } from "@/lib/stores/lifecycle";

export const ROLLOUT_STATES = ["running", "paused", "failed", "rolling_back", "succeeded", "rolled_back"] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];
/** States of a rollout that is not finished: at most one such rollout exists (a partial unique index). */
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = ["running", "paused", "failed", "rolling_back"];

export const ROLLOUT_STORE_STATES = ["pending", "upgrading", "succeeded", "failed", "skipped", "rolling_back", "rolled_back"] as const;
export type RolloutStoreState = (typeof ROLLOUT_STORE_STATES)[number];

export const MAX_CANARY_SIZE = 20;
export const MAX_BATCH_SIZE = 100;
export const MAX_PIN_DAYS = 90;

/** A whole number between min and max, each refusal naming the field. */
function wholeNumber(field: string, min: number, max: number) {
  return z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min}`)
    .max(max, `${field} must be at most ${max}`);
}

export const startRolloutSchema = z
  .object({
    versionId: recordIdSchema.meta({ description: "The fleet version to move stores to (GET /api/v1/versions)" }),
    canarySize: wholeNumber("canarySize", 1, MAX_CANARY_SIZE).default(1).meta({ description: "Stores upgraded first, alone" }),
    batchSize: wholeNumber("batchSize", 1, MAX_BATCH_SIZE).default(5).meta({ description: "Stores upgraded together in each batch after the canary" }),
  })
  .strict();

export const pinStoreSchema = z.object({ days: wholeNumber("days", 1, MAX_PIN_DAYS).meta({ description: "How long rollouts skip the store" }) }).strict();

/** The batch of the store at `index` (oldest store first): 0 is the canary. */
export function batchOf(index: number, canarySize: number, batchSize: number): number {
  return index < canarySize ? 0 : 1 + Math.floor((index - canarySize) / batchSize);
}

/** Why a rollout skips a pinned store, or null when it is not pinned (any more). */
export function pinnedNote(pinnedUntil: Date | null, now: Date): string | null {
  return pinnedUntil && pinnedUntil > now ? `Skipped: pinned by its owner until ${pinnedUntil.toISOString().slice(0, 10)}` : null;
}

// --- Controls ------------------------------------------------------------------------------------

export const ROLLOUT_CONTROLS = ["pause", "resume", "rollback"] as const;
export type RolloutControl = (typeof ROLLOUT_CONTROLS)[number];

const CONTROLS: Record<RolloutControl, { from: readonly RolloutState[]; to: RolloutState; refusal: (state: RolloutState) => string }> = {
  pause: { from: ["running"], to: "paused", refusal: (s) => `Only a running rollout can be paused (this one is ${label(s)})` },
  // After a failure, resume goes on with the next batch; the failed store stays as it is.
  resume: { from: ["paused", "failed"], to: "running", refusal: (s) => `Only a paused or stopped rollout can be resumed (this one is ${label(s)})` },
  rollback: { from: ["running", "paused", "failed"], to: "rolling_back", refusal: (s) => `This rollout cannot be rolled back (it is ${label(s)})` },
};

const label = (s: RolloutState) => s.replace("_", " ");

export function controlPlan(control: RolloutControl, state: RolloutState) {
  const c = CONTROLS[control];
  return { from: c.from, to: c.to, refusal: c.refusal(state) };
}

/** The controls a rollout's page and API offer now. */
export function allowedControls(state: RolloutState): RolloutControl[] {
  return ROLLOUT_CONTROLS.filter((c) => CONTROLS[c].from.includes(state));
}

// --- A store's upgrade, as the rollout sees it ---------------------------------------------------

export interface StoreAtUpgrade {
  phase: Phase;
  desiredState: Desired;
  generation: number;
  observedGeneration: number;
  deletedAt: Date | null;
  statusMessage: string;
}

export type UpgradeProgress =
  | { kind: "working" }
  /** Settled on the version: a running store's health is checked next. */
  | { kind: "settled"; running: boolean }
  | { kind: "failed"; message: string }
  | { kind: "gone" };

/**
 * What an upgraded store that settled Ready counts as, from the rollout's own check of its
 * storefront: upgraded when it answers; else, within `graceMs` of first being seen settled (its new
 * pod may not be routed to yet), still upgrading (the first time, with when it settled), then
 * failed. Null: nothing to write.
 */
export function healthVerdict(
  check: { ok: boolean; responseMs: number; problem: string | null },
  settledAt: Date | null,
  now: Date,
  graceMs: number,
): { state: RolloutStoreState; message: string; settledAt?: Date } | null {
  if (check.ok) return { state: "succeeded", message: `Upgraded, Ready and healthy (storefront answered in ${check.responseMs} ms)` };
  const since = settledAt ?? now;
  if (now.getTime() - since.getTime() >= graceMs) return { state: "failed", message: `Upgraded and Ready, but unhealthy: ${check.problem}` };
  return settledAt ? null : { state: "upgrading", message: `Ready; waiting for the storefront to answer (${check.problem})`, settledAt: since };
}

/**
 * Where a store's upgrade (or rollback) asked at generation `askedAt` stands. A later request of
 * its owner (a resize, say) carries it along: settling on a later generation settles it too.
 */
export function upgradeProgress(store: StoreAtUpgrade, askedAt: number): UpgradeProgress {
  if (store.deletedAt || store.desiredState === "absent") return { kind: "gone" };
  if (store.observedGeneration < askedAt || store.generation !== store.observedGeneration) return { kind: "working" };
  if (store.phase === "Failed") return { kind: "failed", message: store.statusMessage };
  if (store.phase === SETTLED_PHASE[store.desiredState]) return { kind: "settled", running: store.desiredState === "present" };
  return { kind: "working" };
}
