// The store lifecycle, in one place: phases, desired states, the settled phase of each, which
// lifecycle actions each state allows, what "needs work" means for the worker, and the kstatus-style
// conditions shown to users (with Degraded from the health checks). The domain (lib/stores/service.ts), the worker's claim query
// (lib/worker/leases.ts), the reconcile loop and the pages all read these rules from here.
import type { Prisma } from "@/lib/generated/prisma/client";
import { isDegraded } from "@/lib/stores/health";

export const STORE_PHASES = ["Pending", "Provisioning", "Ready", "Suspending", "Suspended", "Failed", "Deleting", "Deleted"] as const;
export type Phase = (typeof STORE_PHASES)[number];
export const DESIRED_STATES = ["present", "suspended", "absent"] as const;
export type Desired = (typeof DESIRED_STATES)[number];

/** Where a store rests once the worker has done what its owner asked. */
export const SETTLED_PHASE: Record<Desired, Phase> = { present: "Ready", suspended: "Suspended", absent: "Deleted" };
/** The phase shown while the worker converges towards a desired state. */
export const WORKING_PHASE: Record<Desired, Phase> = { present: "Provisioning", suspended: "Suspending", absent: "Deleting" };

export interface LifecycleState {
  phase: Phase;
  desiredState: Desired;
  generation: number;
  observedGeneration: number;
}

/** Settled in the desired state and nothing new asked since. */
export function isSettled(s: LifecycleState): boolean {
  return s.generation === s.observedGeneration && s.phase === SETTLED_PHASE[s.desiredState];
}

/**
 * The worker has something to do: a request it has not converged yet, or a phase that is not the
 * settled phase of the desired state. A Failed store whose request was seen stays put until its
 * owner asks again (retry or any other action bumps the generation).
 */
export function needsWork(s: LifecycleState): boolean {
  if (s.generation !== s.observedGeneration) return true;
  return s.phase !== SETTLED_PHASE[s.desiredState] && s.phase !== "Failed";
}

/** needsWork() as SQL over "Store" columns, built from the same table, for the claim query. */
export const NEEDS_WORK_SQL = `("generation" <> "observedGeneration" OR NOT (${[
  ...DESIRED_STATES.map((d) => `("desiredState" = '${d}' AND "phase" = '${SETTLED_PHASE[d]}')`),
  `"phase" = 'Failed'`,
].join(" OR ")}))`;

// --- Lifecycle actions ---------------------------------------------------------------------------

export const LIFECYCLE_ACTIONS = ["suspend", "resume", "retry", "resize", "restore", "domains", "pin", "delete"] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];
/** Lifecycle actions and the one only a rollout takes (lib/worker/rollouts.ts): moving a store to
 * another fleet version. */
type RuledAction = LifecycleAction | "upgrade";

interface ActionRule {
  /** Desired states the action may start from. */
  from: readonly Desired[];
  /** If set, only these phases. */
  phases?: readonly Phase[];
  /** The desired state it records (none: the same, with a new generation). */
  to?: Desired;
  refusal: (s: Pick<LifecycleState, "phase">) => string;
  /** statusMessage while the worker has not picked the request up. */
  message: string;
}

const RULES: Record<RuledAction, ActionRule> = {
  suspend: {
    from: ["present"],
    to: "suspended",
    refusal: (s) => `Only a store that is running or being provisioned can be suspended (this one is ${s.phase})`,
    message: "Suspend requested",
  },
  resume: {
    from: ["suspended"],
    to: "present",
    refusal: (s) => `Only a suspended store can be resumed (this one is ${s.phase})`,
    message: "Resume requested",
  },
  retry: {
    from: ["present", "suspended"],
    phases: ["Failed"],
    refusal: (s) => `Only a failed store can be retried (this one is ${s.phase})`,
    message: "Retry requested",
  },
  // A new size preset (lib/stores/storage.ts has its storage rules): for a store at rest, or one
  // that failed (a bigger size may be what it lacked), not while it is being made or deleted.
  resize: {
    from: ["present", "suspended"],
    phases: ["Ready", "Suspended", "Failed"],
    refusal: (s) => `Only a store that is ready, suspended or failed can be resized (this one is ${s.phase})`,
    message: "Resize requested",
  },
  // A backup replaces the store's data (lib/backups/restore.ts): only a running store, whose
  // database answers, and not while anything else is under way.
  restore: {
    from: ["present"],
    phases: ["Ready"],
    refusal: (s) => `Only a running store can be restored from a backup (this one is ${s.phase})`,
    message: "Restore requested",
  },
  // A custom domain verified or removed (lib/domains/service.ts): the route changes, so the store
  // is re-applied; like a resize, for a store at rest or one that failed.
  domains: {
    from: ["present", "suspended"],
    phases: ["Ready", "Suspended", "Failed"],
    refusal: (s) => `A store's domains change when it is ready, suspended or failed (this one is ${s.phase})`,
    message: "Updating the store's domains",
  },
  // Its owner keeps the store on its versions for a while (rollouts skip it): any live store.
  pin: {
    from: ["present", "suspended"],
    refusal: () => "A store being deleted cannot be pinned",
    message: "Versions pinned",
  },
  // A rollout moves the store to another fleet version (or back): a store at rest, or one that
  // failed (a rollback brings back the version it ran), not while anything else is under way.
  upgrade: {
    from: ["present", "suspended"],
    phases: ["Ready", "Suspended", "Failed"],
    refusal: (s) => `A store is upgraded when it is ready, suspended or failed (this one is ${s.phase})`,
    message: "Upgrade requested",
  },
  delete: {
    from: ["present", "suspended"],
    to: "absent",
    refusal: () => "This store is already being deleted",
    message: "Delete requested",
  },
};

export function isAllowed(action: RuledAction, s: Pick<LifecycleState, "phase" | "desiredState">): boolean {
  const rule = RULES[action];
  return rule.from.includes(s.desiredState) && (!rule.phases || rule.phases.includes(s.phase));
}

/** The actions a store's page and API offer now. */
export function allowedActions(s: Pick<LifecycleState, "phase" | "desiredState">): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((a) => isAllowed(a, s));
}

export interface ActionPlan {
  /** Prisma condition equal to isAllowed(), so a racing request cannot apply twice. */
  where: Prisma.StoreWhereInput;
  desiredState?: Desired;
  message: string;
  refusal: string;
}

export function planAction(action: RuledAction, s: Pick<LifecycleState, "phase">): ActionPlan {
  const rule = RULES[action];
  return {
    where: { desiredState: { in: [...rule.from] }, ...(rule.phases ? { phase: { in: [...rule.phases] } } : {}) },
    desiredState: rule.to,
    message: rule.message,
    refusal: rule.refusal(s),
  };
}

// --- Deleted stores ------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/** Until when a deleted store's name stays its owner's (STORE_NAME_HOLD_DAYS): nobody else gets
 * the traffic still addressed to its host name, and its owner may undo the delete. */
export function nameHeldUntil(deletedAt: Date, holdDays: number): Date {
  return new Date(deletedAt.getTime() + holdDays * DAY_MS);
}

/** Why this store's delete cannot be undone now, or null (a restorable backup is needed besides). */
export function undoDeleteRefusal(s: { desiredState: Desired; deletedAt: Date | null }, now: Date, holdDays: number): string | null {
  if (!s.deletedAt) {
    return s.desiredState === "absent" ? "This store is still being deleted; its delete can be undone once it is done" : "This store is not deleted";
  }
  const until = nameHeldUntil(s.deletedAt, holdDays);
  if (now >= until) return `This delete can no longer be undone: the store's name was held for its owner until ${until.toISOString().slice(0, 10)}`;
  return null;
}

// --- Conditions (kstatus: Ready, Reconciling, Stalled) ----------------------------------------

export interface Condition {
  type: "Ready" | "Reconciling" | "Stalled" | "Degraded";
  status: "True" | "False";
  reason: string;
  message: string;
  observedGeneration: number;
}

export interface ConditionInput extends LifecycleState {
  statusMessage: string;
  failureReason: string | null;
  statusHint: string | null;
  /** Health checks failed in a row, and the latest problem (lib/stores/health.ts). */
  healthFailures: number;
  healthMessage: string | null;
}

/**
 * The store's conditions, derived from its phase so they can never disagree with it: Ready when
 * settled in the desired state, Reconciling while the worker converges, Stalled when it gave up.
 */
export function storeConditions(s: ConditionInput): Condition[] {
  const at = s.observedGeneration;
  const settled = isSettled(s);
  // A Failed store retried (a new generation) is reconciling again, no longer stalled.
  const stalled = s.phase === "Failed" && s.generation === s.observedGeneration;
  const reconciling = !stalled && needsWork(s);
  const failure = [s.statusMessage, s.statusHint].filter(Boolean).join(" ");
  const degraded = s.phase === "Ready" && isDegraded(s);
  return [
    {
      type: "Ready",
      status: settled ? "True" : "False",
      reason: settled ? s.phase : stalled ? (s.failureReason ?? "Failed") : "Progressing",
      message: s.statusMessage,
      observedGeneration: at,
    },
    { type: "Reconciling", status: reconciling ? "True" : "False", reason: reconciling ? WORKING_PHASE[s.desiredState] : s.phase, message: reconciling ? s.statusMessage : "", observedGeneration: at },
    { type: "Stalled", status: stalled ? "True" : "False", reason: stalled ? (s.failureReason ?? "Failed") : s.phase, message: stalled ? failure : "", observedGeneration: at },
    // Not a phase: a running store that stops answering its health checks stays Ready.
    degraded
      ? { type: "Degraded", status: "True", reason: "HealthChecksFailing", message: `${s.healthMessage ?? "health checks fail"} (${s.healthFailures} checks in a row)`, observedGeneration: at }
      : { type: "Degraded", status: "False", reason: "Healthy", message: "", observedGeneration: at },
  ];
}
