// Fleet versions and rollouts, as the portal asks for them. Starting a rollout records its plan
// (every live store not on the target version, oldest first: a canary batch, then batches; pinned
// stores skipped) and returns; the worker (lib/worker/rollouts.ts) drives it batch by batch.
// Controls (pause, resume, rollback) are conditional updates of its state, so two racing requests
// cannot both apply. Only administrators see and run rollouts; owners pin their own stores.
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { assertAdmin, type Actor } from "@/lib/auth/roles";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput, RECORD_ID } from "@/lib/validation";
import { isAllowed, planAction } from "@/lib/stores/lifecycle";
import { findManageable, getStore } from "@/lib/stores/service";
import type { StoreView } from "@/lib/stores/views";
import { batchOf, controlPlan, pinnedNote, pinStoreSchema, startRolloutSchema, type RolloutControl, type RolloutState } from "./rules";
import { toRolloutStoreView, toRolloutView, toVersionView, type RolloutDetail, type RolloutView, type VersionView } from "./views";

const DAY_MS = 86_400_000;
/** The rollouts a list shows, newest first. */
const ROLLOUTS_LISTED = 50;

const LIVE_STORE = { deletedAt: null, desiredState: { in: ["present" as const, "suspended" as const] } };

export async function listVersions(actor: Actor): Promise<VersionView[]> {
  assertAdmin(actor);
  const [versions, counts] = await Promise.all([
    db().fleetVersion.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true, label: true, summary: true, createdAt: true } }),
    db().store.groupBy({ by: ["versionId"], where: LIVE_STORE, _count: { _all: true } }),
  ]);
  const storesOf = new Map(counts.map((c) => [c.versionId, c._count._all]));
  return versions.map((v, i) => toVersionView(v, storesOf.get(v.id) ?? 0, i === 0));
}

const rolloutInclude = { targetVersion: { select: { id: true, label: true } }, stores: { select: { state: true, batch: true } } } as const;

export async function listRollouts(actor: Actor): Promise<RolloutView[]> {
  assertAdmin(actor);
  const rows = await db().rollout.findMany({ orderBy: { createdAt: "desc" }, take: ROLLOUTS_LISTED, include: rolloutInclude });
  return rows.map(toRolloutView);
}

export async function getRollout(actor: Actor, rolloutId: string): Promise<RolloutDetail> {
  assertAdmin(actor);
  const row = RECORD_ID.test(rolloutId) ? await db().rollout.findUnique({ where: { id: rolloutId }, include: rolloutInclude }) : null;
  if (!row) throw new NotFoundError("Rollout not found");
  const stores = await db().rolloutStore.findMany({
    where: { rolloutId },
    orderBy: [{ batch: "asc" }, { store: { createdAt: "asc" } }],
    include: { store: { select: { slug: true, displayName: true } } },
  });
  const versions = await db().fleetVersion.findMany({ where: { id: { in: [...new Set(stores.map((s) => s.fromVersionId))] } }, select: { id: true, label: true } });
  const labels = new Map(versions.map((v) => [v.id, v.label]));
  return { ...toRolloutView(row), stores: stores.map((s) => toRolloutStoreView(s, labels)) };
}

/** The only unique index a rollout's insert can hit is the one that allows one active rollout. */
const isActiveRolloutTaken = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Records a rollout of every live store not on the version; the worker drives it. */
export async function startRollout(input: unknown, ctx: ActorContext): Promise<RolloutDetail> {
  assertAdmin(ctx.actor);
  const { versionId, canarySize, batchSize } = parseInput(startRolloutSchema, input);
  const version = await db().fleetVersion.findUnique({ where: { id: versionId }, select: { id: true, label: true } });
  // Well-formed but naming nothing: like an unknown id in a path, a 404.
  if (!version) throw new NotFoundError("No such fleet version");
  const now = new Date();
  let rolloutId: string;
  try {
    rolloutId = await db().$transaction(async (tx) => {
      const stores = await tx.store.findMany({
        where: { ...LIVE_STORE, versionId: { not: null }, NOT: { versionId } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, slug: true, versionId: true, pinnedUntil: true },
      });
      const upgradable = stores.filter((s) => !pinnedNote(s.pinnedUntil, now));
      if (upgradable.length === 0) {
        throw new ConflictError(stores.length ? "Every store not on this version is pinned by its owner" : "Every live store already runs this version");
      }
      const pinned = stores.filter((s) => pinnedNote(s.pinnedUntil, now));
      const rollout = await tx.rollout.create({
        data: { targetVersionId: versionId, canarySize, batchSize, createdById: ctx.actor.id, message: `Starting: ${upgradable.length} stores to upgrade` },
      });
      await tx.rolloutStore.createMany({
        data: [
          ...upgradable.map((s, i) => ({ rolloutId: rollout.id, storeId: s.id, fromVersionId: s.versionId!, batch: batchOf(i, canarySize, batchSize) })),
          ...pinned.map((s) => ({ rolloutId: rollout.id, storeId: s.id, fromVersionId: s.versionId!, batch: null, state: "skipped" as const, message: pinnedNote(s.pinnedUntil, now)!, finishedAt: now })),
        ],
      });
      await recordAudit(ctx, { action: "rollout.start", targetType: "rollout", targetId: rollout.id, details: { version: version.label, stores: upgradable.length, pinned: pinned.length, canarySize, batchSize } }, tx);
      return rollout.id;
    });
  } catch (error) {
    if (isActiveRolloutTaken(error)) throw new ConflictError("Another rollout is under way: finish, resume or roll it back first");
    throw error;
  }
  return getRollout(ctx.actor, rolloutId);
}

const CONTROL_MESSAGES: Record<RolloutControl, string> = {
  pause: "Paused: no new batch starts; stores already upgrading finish",
  resume: "Resumed",
  rollback: "Rolling back: upgraded stores return to the version they ran",
};

/** Pauses, resumes or rolls back a rollout. */
export async function controlRollout(rolloutId: string, control: RolloutControl, ctx: ActorContext): Promise<RolloutDetail> {
  assertAdmin(ctx.actor);
  const current = RECORD_ID.test(rolloutId) ? await db().rollout.findUnique({ where: { id: rolloutId }, select: { state: true } }) : null;
  if (!current) throw new NotFoundError("Rollout not found");
  const plan = controlPlan(control, current.state as RolloutState);
  await db().$transaction(async (tx) => {
    const { count } = await tx.rollout.updateMany({ where: { id: rolloutId, state: { in: [...plan.from] } }, data: { state: plan.to, message: CONTROL_MESSAGES[control] } });
    if (count === 0) throw new ConflictError(plan.refusal);
    await recordAudit(ctx, { action: `rollout.${control}`, targetType: "rollout", targetId: rolloutId, details: { from: current.state } }, tx);
  });
  return getRollout(ctx.actor, rolloutId);
}

/** Keeps a store on its versions for `days`: rollouts skip it until then. */
export async function pinStore(storeId: string, input: unknown, ctx: ActorContext): Promise<StoreView> {
  const { days } = parseInput(pinStoreSchema, input);
  const store = await findManageable(ctx.actor, storeId);
  if (store.deletedAt || !isAllowed("pin", store)) throw new ConflictError(planAction("pin", store).refusal);
  const pinnedUntil = new Date(Date.now() + days * DAY_MS);
  await db().$transaction(async (tx) => {
    await tx.store.update({ where: { id: storeId }, data: { pinnedUntil } });
    await recordAudit(ctx, { action: "store.pin", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, until: pinnedUntil.toISOString() } }, tx);
  });
  return getStore(ctx.actor, storeId);
}

/** Lets rollouts upgrade the store again. */
export async function unpinStore(storeId: string, ctx: ActorContext): Promise<StoreView> {
  const store = await findManageable(ctx.actor, storeId);
  await db().$transaction(async (tx) => {
    await tx.store.update({ where: { id: storeId }, data: { pinnedUntil: null } });
    await recordAudit(ctx, { action: "store.unpin", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug } }, tx);
  });
  return getStore(ctx.actor, storeId);
}
