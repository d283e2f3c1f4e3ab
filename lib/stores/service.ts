// Stores as the portal sees them: record what the owner wants, check who may do it, and leave
// the cluster to the provisioning worker (which is woken by notifyStoreChanged).
import { createHash } from "node:crypto";
import type { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { canManageStore, isAdmin, type Actor } from "@/lib/auth/roles";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError, NotFoundError, QuotaExceededError, RateLimitedError, ValidationError } from "@/lib/errors";
import { parseInput, RECORD_ID } from "@/lib/validation";
import { createStoreSchema, listStoresQuerySchema, resizeStoreSchema } from "@/lib/stores/schemas";
import { resizeRefusal, volumeStorageOf } from "@/lib/stores/storage";
import { isAllowed, nameHeldUntil, planAction, type LifecycleAction } from "@/lib/stores/lifecycle";
import { notifyStoreChanged, STORE_CHANGES_CHANNEL } from "@/lib/stores/notify";
import { idempotencyCutoff } from "@/lib/stores/idempotency";
import { queueFinalBackup } from "@/lib/backups/final";
import { storeColumnsSelect, storeRowSelect, toStoreView, type StoreEventView, type StoreView } from "@/lib/stores/views";

/** Only a delete may interrupt a restore: its Job writes the store's data while WordPress is stopped. */
const RESTORING = "A backup is being restored into this store; try again once it is done";

function view(row: Parameters<typeof toStoreView>[0]): StoreView {
  return toStoreView(row, env());
}

function nameTaken(message: string): ConflictError {
  return new ConflictError(message, { name: [message] });
}

const DAY_MS = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** What decides whether a store may be named `slug` now, read in one query. */
interface NameChecks {
  existing: string | null;
  heldFor: string | null;
  heldSince: Date | null;
}

async function readNameChecks(tx: Prisma.TransactionClient, slug: string, ownerId: string, heldSince: Date): Promise<NameChecks> {
  const rows = await tx.$queryRaw<NameChecks[]>`
    SELECT (SELECT s."desiredState"::text FROM "Store" s WHERE s.slug = ${slug} AND s."deletedAt" IS NULL) AS existing,
      held."ownerId" AS "heldFor", held."deletedAt" AS "heldSince"
    FROM "User" u
    LEFT JOIN LATERAL (
      SELECT s."ownerId", s."deletedAt" FROM "Store" s WHERE s.slug = ${slug} AND s."deletedAt" >= ${heldSince}
      ORDER BY s."deletedAt" DESC LIMIT 1) held ON true
    WHERE u.id = ${ownerId}`;
  if (!rows[0]) throw new NotFoundError("Your account no longer exists");
  return rows[0];
}

/** The name is taken, still being deleted, or held for the owner of a store deleted lately. */
function nameRefusal(c: NameChecks, slug: string, ownerId: string, config: ReturnType<typeof env>): Error | null {
  if (c.existing === "absent") return nameTaken(`A store named "${slug}" is still being deleted; try again once it is gone`);
  if (c.existing) return nameTaken(`A store named "${slug}" already exists`);
  if (c.heldSince && c.heldFor !== ownerId) {
    const until = nameHeldUntil(c.heldSince, config.STORE_NAME_HOLD_DAYS);
    return nameTaken(
      `The name "${slug}" belonged to a store deleted on ${isoDay(c.heldSince)}; it is held for that store's owner until ${isoDay(until)}. Choose another name.`,
    );
  }
  return null;
}

/** An owner's quota and counts. */
export interface OwnerCounts {
  quota: number;
  live: number;
  recent: number;
  oldestRecent: Date | null;
}

async function readOwnerCounts(tx: Prisma.TransactionClient, ownerId: string, since: Date): Promise<OwnerCounts> {
  const rows = await tx.$queryRaw<OwnerCounts[]>`
    SELECT u."storeQuota" AS quota,
      (SELECT count(*)::int FROM "Store" s WHERE s."ownerId" = u.id AND s."deletedAt" IS NULL) AS live,
      (SELECT count(*)::int FROM "Store" s WHERE s."ownerId" = u.id AND s."createdAt" >= ${since}) AS recent,
      (SELECT min(s."createdAt") FROM "Store" s WHERE s."ownerId" = u.id AND s."createdAt" >= ${since}) AS "oldestRecent"
    FROM "User" u WHERE u.id = ${ownerId}`;
  return rows[0]!;
}

/** Over quota or over the creation rate, once the store being created is counted. */
function limitRefusal(c: OwnerCounts, config: ReturnType<typeof env>): Error | null {
  const overQuota = quotaRefusal(c.live - 1, c.quota);
  if (overQuota) return overQuota;
  if (c.recent - 1 >= config.STORE_CREATE_RATE_LIMIT) {
    const windowMs = config.STORE_CREATE_RATE_WINDOW_SECONDS * 1000;
    const retryAfter = Math.max(1, Math.ceil((c.oldestRecent!.getTime() + windowMs - Date.now()) / 1000));
    return new RateLimitedError(
      `You can create ${config.STORE_CREATE_RATE_LIMIT} stores per ${Math.round(config.STORE_CREATE_RATE_WINDOW_SECONDS / 60)} minutes; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      retryAfter,
    );
  }
  return null;
}

/** The owner already has as many live stores as their quota allows. */
export function quotaRefusal(live: number, quota: number): QuotaExceededError | null {
  if (live < quota) return null;
  return new QuotaExceededError(`You have ${live} of ${quota} stores allowed; delete one or ask an administrator for a higher quota`);
}

/**
 * The owner's quota and counts for a transaction that has just made one more of their stores live
 * (a create, a clone, an undone delete), read under the owner's lock, held until the transaction
 * ends: whichever of two such transactions counts second sees the store of the first. Taken last,
 * after the transaction's other writes, so the lock is held only for this count and the commit, and
 * is always taken after the row locks those writes hold (never the other way round: no deadlock).
 */
export async function countOwnerStoresLast(tx: Prisma.TransactionClient, ownerId: string): Promise<OwnerCounts> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`store-create:${ownerId}`}))`;
  return readOwnerCounts(tx, ownerId, new Date(Date.now() - env().STORE_CREATE_RATE_WINDOW_SECONDS * 1000));
}

/** Serializes requests of one owner that carry the same Idempotency-Key. */
async function lockIdempotencyKey(tx: Prisma.TransactionClient, ownerId: string, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`store-create-key:${ownerId}:${key}`}))`;
}

export interface CreateResult {
  store: StoreView;
  /** True when an earlier request with the same Idempotency-Key made the store. */
  replayed: boolean;
}

export type NewStore = z.output<ReturnType<typeof createStoreSchema>>;

/** A store made from a backup (a clone): the worker provisions it around a restore of the backup. */
export interface StoreSeed {
  backupId: string;
  /** The `restore` step's text on the new store's timeline. */
  message: string;
  /** Added to the audit entry (`store.clone`). */
  details: Record<string, unknown>;
}

/** Records a new store (phase Pending) for the acting user. */
export async function createStore(input: unknown, ctx: ActorContext, options: { idempotencyKey?: string } = {}): Promise<CreateResult> {
  return insertStore(parseInput(createStoreSchema(env().STORE_SIZES), input), ctx, options);
}

/** Records a new store of the acting user, empty or seeded with a backup, in one transaction.
 * Requests with the same Idempotency-Key wait for each other, so one key makes one store. The
 * quota and the creation rate are checked last, under the owner's lock and counting the new row:
 * creates of one owner run in parallel and wait on each other only for that count and the commit,
 * and parallel requests still cannot overshoot the quota. */
export async function insertStore(data: NewStore, ctx: ActorContext, options: { idempotencyKey?: string; seed?: StoreSeed } = {}): Promise<CreateResult> {
  const config = env();
  const { seed } = options;
  const ownerId = ctx.actor.id;
  const requestHash = createHash("sha256").update(JSON.stringify(seed ? { ...data, from: seed.backupId } : data)).digest("hex");
  type Outcome = { replayed: true; store: StoreView } | { replayed: false; row: Parameters<typeof toStoreView>[0] };
  let outcome: Outcome;
  try {
    outcome = await db().$transaction(async (tx) => {
      const key = options.idempotencyKey;
      if (key) {
        await lockIdempotencyKey(tx, ownerId, key);
        // An expired record (not yet pruned) no longer binds the key: it is removed and the key reused.
        await tx.idempotencyRecord.deleteMany({ where: { userId: ownerId, key, createdAt: { lt: idempotencyCutoff() } } });
        const earlier = await tx.idempotencyRecord.findUnique({ where: { userId_key: { userId: ownerId, key } } });
        if (earlier && earlier.requestHash !== requestHash) {
          throw new ConflictError("This Idempotency-Key was already used with a different request");
        }
        if (earlier) return { replayed: true, store: earlier.response as unknown as StoreView } satisfies Outcome;
      }
      const heldSince = new Date(Date.now() - config.STORE_NAME_HOLD_DAYS * DAY_MS);
      const badName = nameRefusal(await readNameChecks(tx, data.name, ownerId, heldSince), data.name, ownerId, config);
      if (badName) throw badName;

      const columns = await tx.store.create({
        data: {
          slug: data.name, displayName: data.displayName ?? data.name, size: data.size, volumeStorage: config.STORE_SIZES[data.size]!.storage,
          sampleProducts: data.sampleProducts, ownerId, restoreBackupId: seed?.backupId,
        },
        select: storeColumnsSelect,
      });
      // Its owner is the caller, and it has no fleet version until its first pass gives it one.
      const created = { ...columns, owner: { id: ctx.actor.id, email: ctx.actor.email, name: ctx.actor.name }, version: null };
      if (seed) await tx.storeEvent.create({ data: { storeId: created.id, generation: created.generation, step: "restore", state: "running", message: seed.message } });
      const details = { slug: created.slug, size: created.size, ...seed?.details };
      await recordAudit(ctx, { action: seed ? "store.clone" : "store.create", targetType: "store", targetId: created.id, storeId: created.id, details }, tx);
      if (key) {
        await tx.idempotencyRecord.create({
          data: { userId: ownerId, key, requestHash, statusCode: 201, response: view(created) as unknown as Prisma.InputJsonValue },
        });
      }
      // Delivered to the workers at commit (a new store is due at once: nextReconcileAt defaults to now).
      await tx.$executeRaw`SELECT pg_notify(${STORE_CHANGES_CHANNEL}, ${created.id})`;

      const overLimit = limitRefusal(await countOwnerStoresLast(tx, ownerId), config);
      if (overLimit) throw overLimit; // the new row, its audit entry and notification roll back
      return { replayed: false, row: created } satisfies Outcome;
    });
  } catch (error) {
    // Another owner took the same name in the same instant: the partial unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw nameTaken(`A store named "${data.name}" already exists`);
    }
    throw error;
  }
  if (outcome.replayed) return { store: outcome.store, replayed: true };
  return { store: view(outcome.row), replayed: false };
}

/** A store the actor may see; anything else (an id that cannot exist included) is "not found",
 * so ids of others' stores leak nothing. */
export async function findManageable(actor: Actor, storeId: string) {
  const row = RECORD_ID.test(storeId) ? await db().store.findUnique({ where: { id: storeId }, select: { ...storeRowSelect, ownerId: true } }) : null;
  if (!row || !canManageStore(actor, row)) throw new NotFoundError("Store not found");
  return row;
}

export async function getStore(actor: Actor, storeId: string): Promise<StoreView> {
  return view(await findManageable(actor, storeId));
}

/** The acting user's own store count against their quota. */
export async function quotaUsage(actor: Actor): Promise<{ used: number; allowed: number }> {
  const [used, user] = await Promise.all([
    db().store.count({ where: { ownerId: actor.id, deletedAt: null } }),
    db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { storeQuota: true } }),
  ]);
  return { used, allowed: user.storeQuota };
}

export interface StorePage {
  items: StoreView[];
  total: number;
  page: number;
  pageSize: number;
}

/** Members see their own stores; admins see all and may filter by owner. Deleted stores are
 * listed only when asked for with phase=Deleted. */
export async function listStores(actor: Actor, query: unknown = {}): Promise<StorePage> {
  const q = parseInput(listStoresQuerySchema, query);
  const where: Prisma.StoreWhereInput = {
    ownerId: isAdmin(actor) ? q.ownerId : actor.id,
    ...(q.phase ? { phase: q.phase } : { deletedAt: null }),
  };
  const [rows, total] = await Promise.all([
    db().store.findMany({ where, select: storeRowSelect, orderBy: { createdAt: "desc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    db().store.count({ where }),
  ]);
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
}

export async function listStoreEvents(actor: Actor, storeId: string): Promise<StoreEventView[]> {
  await findManageable(actor, storeId);
  const events = await db().storeEvent.findMany({ where: { storeId }, orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
  return events.map((e) => ({
    id: e.id,
    step: e.step,
    state: e.state,
    message: e.message,
    log: e.log,
    generation: e.generation,
    startedAt: e.startedAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
  }));
}

/** Changes what the owner wants. The update is conditional on the state it starts from, so two
 * racing requests cannot both apply; the generation bump tells the worker to act. */
export async function changeStoreLifecycle(storeId: string, action: Exclude<LifecycleAction, "resize" | "restore" | "domains" | "pin">, ctx: ActorContext, options: { confirmName?: string } = {}): Promise<StoreView> {
  const store = await findManageable(ctx.actor, storeId);
  if (store.restoreBackupId && action !== "delete") throw new ConflictError(RESTORING);
  if (action === "delete" && options.confirmName !== undefined && options.confirmName.trim() !== store.slug) {
    throw new ValidationError("Type the store name to confirm", { confirmName: [`Type "${store.slug}" to confirm`] });
  }
  const plan = planAction(action, store);
  const row = await db().$transaction(async (tx) => {
    const { count } = await tx.store.updateMany({
      where: { id: storeId, deletedAt: null, ...plan.where },
      data: {
        ...(plan.desiredState ? { desiredState: plan.desiredState } : {}),
        statusMessage: plan.message, generation: { increment: 1 }, failureCount: 0, nextReconcileAt: new Date(),
      },
    });
    if (count === 0) throw new ConflictError(plan.refusal);
    if (action === "delete") {
      await queueFinalBackup(tx, store);
      // Its custom domains go with it, free for their owners to use elsewhere at once.
      await tx.storeDomain.deleteMany({ where: { storeId } });
    }
    await recordAudit(ctx, { action: `store.${action}`, targetType: "store", targetId: storeId, storeId, details: { slug: store.slug } }, tx);
    return tx.store.findUniqueOrThrow({ where: { id: storeId }, select: storeRowSelect });
  });
  await notifyStoreChanged(storeId);
  return view(row);
}

/**
 * Records a new size preset; the worker applies it (resources, quota, and the volumes where their
 * StorageClass allows expansion). Refused: an unknown or the same size, less storage than the
 * store has (lib/stores/storage.ts), a store not at rest. The update is conditional on the phase
 * and the size it starts from, so a racing request cannot apply twice. The timeline's `resize`
 * step, written here, is how the worker knows the request is a resize.
 */
export async function resizeStore(storeId: string, input: unknown, ctx: ActorContext): Promise<StoreView> {
  const config = env();
  const { size } = parseInput(resizeStoreSchema(config.STORE_SIZES), input);
  const store = await findManageable(ctx.actor, storeId);
  if (store.restoreBackupId) throw new ConflictError(RESTORING);
  const plan = planAction("resize", store);
  if (!isAllowed("resize", store)) throw new ConflictError(plan.refusal);
  const refusal = resizeRefusal(store, size, config.STORE_SIZES);
  if (refusal) throw new ValidationError(refusal, { size: [refusal] });
  const from = config.STORE_SIZES[store.size]?.label ?? store.size;
  const to = config.STORE_SIZES[size]!.label;
  const row = await db().$transaction(async (tx) => {
    const { count } = await tx.store.updateMany({
      where: { id: storeId, deletedAt: null, size: store.size, ...plan.where },
      data: {
        size, volumeStorage: volumeStorageOf(store, config.STORE_SIZES), volumeNote: null,
        statusMessage: plan.message, generation: { increment: 1 }, failureCount: 0, nextReconcileAt: new Date(),
      },
    });
    if (count === 0) throw new ConflictError(plan.refusal);
    const updated = await tx.store.findUniqueOrThrow({ where: { id: storeId }, select: storeRowSelect });
    await tx.storeEvent.create({ data: { storeId, generation: updated.generation, step: "resize", state: "running", message: `Resizing from ${from} to ${to}` } });
    await recordAudit(ctx, { action: "store.resize", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, from: store.size, to: size } }, tx);
    return updated;
  });
  await notifyStoreChanged(storeId);
  return view(row);
}
