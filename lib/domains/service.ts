// Custom domains of a store, as the portal asks for them. Adding one records it with a random
// token and answers with the DNS records to create; verifying looks the token up in the host's
// TXT record and, once found, hands the host to the worker (a new generation and a `domains` step),
// which adds it to the store's route and to the hosts WordPress answers on; removing takes it out
// the same way. A verified host belongs to one store only (a partial unique index decides).
import { randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import type { Actor } from "@/lib/auth/roles";
import { ConflictError, NotFoundError, UnavailableError } from "@/lib/errors";
import { parseInput, RECORD_ID } from "@/lib/validation";
import { isAllowed, planAction } from "@/lib/stores/lifecycle";
import { storeHost } from "@/lib/stores/naming";
import { notifyStoreChanged } from "@/lib/stores/notify";
import { findManageable } from "@/lib/stores/service";
import { isNoRecord, systemTxtLookup, type TxtLookup } from "./dns";
import { addDomainSchema, CHALLENGE_LABEL, MAX_DOMAINS_PER_STORE, provesOwnership } from "./rules";
import { toDomainView, type DomainView } from "./views";

type ManageableStore = Awaited<ReturnType<typeof findManageable>>;

const platformHostOf = (slug: string) => storeHost(slug, env().STORE_BASE_DOMAIN);
const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** A store whose domains may be listed or added: live, not being deleted. */
async function liveStore(actor: Actor, storeId: string): Promise<ManageableStore> {
  const store = await findManageable(actor, storeId);
  if (store.deletedAt || store.desiredState === "absent") throw new ConflictError("This store is deleted or being deleted");
  return store;
}

async function findDomain(storeId: string, domainId: string) {
  const domain = RECORD_ID.test(domainId) ? await db().storeDomain.findFirst({ where: { id: domainId, storeId } }) : null;
  if (!domain) throw new NotFoundError("Domain not found");
  return domain;
}

/** A change the worker must apply to the route: refused unless the store is at rest. */
function routeChangeRefusal(store: ManageableStore): string | null {
  if (store.restoreBackupId) return "A backup is being restored into this store; try again once it is done";
  return isAllowed("domains", store) ? null : planAction("domains", store).refusal;
}

/** Bumps the store's generation with a `domains` step, so the worker re-applies its route. */
async function requestRouteChange(tx: Prisma.TransactionClient, store: ManageableStore, message: string): Promise<void> {
  const plan = planAction("domains", store);
  const { count } = await tx.store.updateMany({
    where: { id: store.id, deletedAt: null, restoreBackupId: null, ...plan.where },
    data: { statusMessage: plan.message, generation: { increment: 1 }, failureCount: 0, nextReconcileAt: new Date() },
  });
  if (count === 0) throw new ConflictError(plan.refusal);
  const { generation } = await tx.store.findUniqueOrThrow({ where: { id: store.id }, select: { generation: true } });
  await tx.storeEvent.create({ data: { storeId: store.id, generation, step: "domains", state: "running", message } });
}

export async function listDomains(actor: Actor, storeId: string): Promise<DomainView[]> {
  const store = await findManageable(actor, storeId);
  const rows = await db().storeDomain.findMany({ where: { storeId }, orderBy: { createdAt: "asc" } });
  return rows.map((d) => toDomainView(d, platformHostOf(store.slug)));
}

export async function addDomain(storeId: string, input: unknown, ctx: ActorContext): Promise<DomainView> {
  const config = env();
  const { host } = parseInput(addDomainSchema({ baseDomain: config.STORE_BASE_DOMAIN, portalHost: new URL(config.NEXTAUTH_URL).hostname }), input);
  const store = await liveStore(ctx.actor, storeId);
  const taken = await db().storeDomain.findFirst({ where: { host, verifiedAt: { not: null } }, select: { storeId: true } });
  if (taken) throw new ConflictError(taken.storeId === storeId ? `${host} is already this store's` : `${host} is already in use by another store`, { host: ["in use"] });
  try {
    const domain = await db().$transaction(async (tx) => {
      if ((await tx.storeDomain.count({ where: { storeId } })) >= MAX_DOMAINS_PER_STORE) {
        throw new ConflictError(`A store can have at most ${MAX_DOMAINS_PER_STORE} custom domains; remove one first`);
      }
      const created = await tx.storeDomain.create({ data: { storeId, host, verificationToken: `storefleet-verify=${randomBytes(16).toString("hex")}` } });
      await recordAudit(ctx, { action: "store.domain_add", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, host } }, tx);
      return created;
    });
    return toDomainView(domain, platformHostOf(store.slug));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${host} was already added to this store`, { host: ["already added"] });
    throw error;
  }
}

/** Looks the domain's token up in its TXT record; once found, the worker adds it to the route. */
export async function verifyDomain(storeId: string, domainId: string, ctx: ActorContext, lookup: TxtLookup = systemTxtLookup(env().DOMAIN_DNS_SERVERS)): Promise<DomainView> {
  const store = await liveStore(ctx.actor, storeId);
  const domain = await findDomain(storeId, domainId);
  if (domain.verifiedAt) return toDomainView(domain, platformHostOf(store.slug));
  const refusal = routeChangeRefusal(store);
  if (refusal) throw new ConflictError(refusal);
  const name = `${CHALLENGE_LABEL}.${domain.host}`;
  let records: string[][];
  try {
    records = await lookup(name);
  } catch (error) {
    if (!isNoRecord(error)) throw new UnavailableError(`The DNS look-up of ${name} failed; try again in a moment`);
    records = [];
  }
  if (!provesOwnership(records, domain.verificationToken)) {
    throw new ConflictError(`No TXT record at ${name} holds this domain's token yet (DNS changes can take a while to be seen)`);
  }
  try {
    const verified = await db().$transaction(async (tx) => {
      const updated = await tx.storeDomain.update({ where: { id: domain.id }, data: { verifiedAt: new Date() } });
      await requestRouteChange(tx, store, `Adding ${domain.host} to the store's route`);
      await recordAudit(ctx, { action: "store.domain_verify", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, host: domain.host } }, tx);
      return updated;
    });
    await notifyStoreChanged(storeId);
    return toDomainView(verified, platformHostOf(store.slug));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`${domain.host} is already in use by another store`);
    throw error;
  }
}

/** Removes the domain; a verified one leaves the store's route through the worker. */
export async function removeDomain(storeId: string, domainId: string, ctx: ActorContext): Promise<void> {
  const store = await findManageable(ctx.actor, storeId);
  const domain = await findDomain(storeId, domainId);
  const routed = domain.verifiedAt !== null && !store.deletedAt && store.desiredState !== "absent";
  if (routed) {
    const refusal = routeChangeRefusal(store);
    if (refusal) throw new ConflictError(refusal);
  }
  await db().$transaction(async (tx) => {
    await tx.storeDomain.delete({ where: { id: domain.id } });
    if (routed) await requestRouteChange(tx, store, `Removing ${domain.host} from the store's route`);
    await recordAudit(ctx, { action: "store.domain_remove", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, host: domain.host } }, tx);
  });
  if (routed) await notifyStoreChanged(storeId);
}
