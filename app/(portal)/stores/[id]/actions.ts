"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changeStoreLifecycle, resizeStore } from "@/lib/stores/service";
import { requestBackup } from "@/lib/backups/service";
import { restoreStore } from "@/lib/backups/restore";
import { cloneStore } from "@/lib/backups/clone";
import { undoDelete } from "@/lib/backups/undo-delete";
import { readStoreLogs, type StoreLogsView } from "@/lib/stores/logs";
import { addDomain, removeDomain, verifyDomain } from "@/lib/domains/service";
import { createAdminLoginLink, revealStoreCredentials } from "@/lib/stores/credentials";
import { pinStore, unpinStore } from "@/lib/rollouts/service";
import { actionContext } from "@/app/_lib/session";
import { actionError, actionFailure, type ActionState } from "@/app/_lib/action-state";

const storeIdSchema = z.string().min(1).max(64);
const lifecycleSchema = z.enum(["suspend", "resume", "retry"]);

function revalidateStore(storeId: string) {
  revalidatePath(`/stores/${storeId}`);
  revalidatePath("/stores");
  revalidatePath("/admin/stores");
}

/** Suspend, resume or retry. The bound arguments come from the page, but a client can send any
 * values, so both are parsed and the domain re-checks who may touch the store. */
export async function changeLifecycleAction(storeId: string, lifecycle: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const ctx = await actionContext();
    const id = storeIdSchema.parse(storeId);
    const store = await changeStoreLifecycle(id, lifecycleSchema.parse(lifecycle), ctx);
    revalidateStore(id);
    return { ok: true, message: store.statusMessage };
  } catch (error) {
    return actionError(error);
  }
}

/** A new size preset; the domain parses the size, checks who may touch the store and refuses
 * a shrink. */
export async function resizeStoreAction(storeId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const size = String(form.get("size") ?? "");
  try {
    const ctx = await actionContext();
    const id = storeIdSchema.parse(storeId);
    const store = await resizeStore(id, { size }, ctx);
    revalidateStore(id);
    return { ok: true, message: `Resize to ${store.sizeLabel} requested` };
  } catch (error) {
    return actionError(error, { size });
  }
}

export async function deleteStoreAction(storeId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  // Always a string: the domain skips the name check when confirmName is undefined.
  const confirmName = String(form.get("confirmName") ?? "");
  try {
    const ctx = await actionContext();
    const id = storeIdSchema.parse(storeId);
    await changeStoreLifecycle(id, "delete", ctx, { confirmName });
    revalidateStore(id);
    return { ok: true, message: "Delete requested; the store is being removed" };
  } catch (error) {
    return actionError(error, { confirmName });
  }
}

export type RevealState = { ok: true; username: string; password: string } | Exclude<ActionState, { ok: true } | null>;

/** Returns the WordPress admin login to the browser's memory only; the domain checks that the
 * actor owns the store (or is an admin) and audit-logs the reveal. */
export async function revealCredentialsAction(storeId: string): Promise<RevealState> {
  try {
    const ctx = await actionContext();
    const { username, password } = await revealStoreCredentials(storeIdSchema.parse(storeId), ctx);
    revalidatePath(`/stores/${storeId}`);
    return { ok: true, username, password };
  } catch (error) {
    return actionFailure(error);
  }
}

export type AdminLoginState = { ok: true; url: string } | Exclude<ActionState, { ok: true } | null>;

/** A single-use sign-in link for the store's wp-admin; the browser follows it at once. The domain
 * checks that the actor owns the store (or is an admin) and audit-logs it. */
export async function openAdminAction(storeId: string): Promise<AdminLoginState> {
  try {
    const { url } = await createAdminLoginLink(storeIdSchema.parse(storeId), await actionContext());
    revalidatePath(`/stores/${storeId}`);
    return { ok: true, url };
  } catch (error) {
    return actionFailure(error);
  }
}

/** Queues a backup of the store; the domain checks who asks and that the store runs. */
export async function requestBackupAction(storeId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    await requestBackup(id, await actionContext());
    revalidateStore(id);
    return { ok: true, message: "Backup queued; it appears below when it starts" };
  } catch (error) {
    return actionError(error);
  }
}

/** Restores one of the store's backups into it; the domain checks who asks, that the backup is
 * this store's and whole, and that the store runs. */
export async function restoreBackupAction(storeId: string, backupId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    const store = await restoreStore(id, storeIdSchema.parse(backupId), await actionContext());
    revalidateStore(id);
    return { ok: true, message: store.statusMessage };
  } catch (error) {
    return actionError(error);
  }
}

/** A new store of the caller's from one of this store's backups; the domain applies the create
 * rules and checks the backup. On success the browser goes to the new store's page. */
export async function cloneBackupAction(storeId: string, backupId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { name: String(form.get("name") ?? "").trim(), displayName: String(form.get("displayName") ?? "") };
  let cloneId: string;
  try {
    const ctx = await actionContext();
    const { store } = await cloneStore(storeIdSchema.parse(storeId), storeIdSchema.parse(backupId), values, ctx);
    cloneId = store.id;
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath("/stores");
  revalidatePath("/admin/stores");
  // Outside the try: redirect() works by throwing.
  redirect(`/stores/${cloneId}`);
}

/** Brings a deleted store back from its newest backup; the domain checks who asks, the name
 * hold, the quota and that a backup can be restored. */
export async function undoDeleteAction(storeId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    const store = await undoDelete(id, await actionContext());
    revalidateStore(id);
    return { ok: true, message: store.statusMessage };
  } catch (error) {
    return actionError(error);
  }
}

export type LogsState = { ok: true; logs: StoreLogsView } | Exclude<ActionState, { ok: true } | null> | null;

/** The recent log of one of the store's containers, redacted; the domain checks who asks and
 * audit-logs the read. */
export async function readLogsAction(storeId: string, _prev: LogsState, form: FormData): Promise<LogsState> {
  try {
    const logs = await readStoreLogs(storeIdSchema.parse(storeId), { component: String(form.get("component") ?? "") }, await actionContext());
    revalidatePath(`/stores/${storeId}`);
    return { ok: true, logs };
  } catch (error) {
    return actionFailure(error);
  }
}

/** Adds a custom domain (unverified); the page then shows the DNS records to create. */
export async function addDomainAction(storeId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  // The form forgives spaces and capitals typed in a host name; the API does not.
  const host = String(form.get("host") ?? "").trim().toLowerCase();
  try {
    const id = storeIdSchema.parse(storeId);
    const domain = await addDomain(id, { host }, await actionContext());
    revalidatePath(`/stores/${id}`);
    return { ok: true, message: `${domain.host} added: create its DNS records, then verify it` };
  } catch (error) {
    return actionError(error, { host });
  }
}

/** Verifies a custom domain through its TXT record; once verified, the worker routes it. */
export async function verifyDomainAction(storeId: string, domainId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    const domain = await verifyDomain(id, storeIdSchema.parse(domainId), await actionContext());
    revalidateStore(id);
    return { ok: true, message: `${domain.host} verified; the store starts answering on it in a moment` };
  } catch (error) {
    return actionError(error);
  }
}

export async function removeDomainAction(storeId: string, domainId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    await removeDomain(id, storeIdSchema.parse(domainId), await actionContext());
    revalidateStore(id);
    return { ok: true, message: "Domain removed" };
  } catch (error) {
    return actionError(error);
  }
}

/** Rollouts skip the store for the days asked; the domain parses them and checks who asks. On
 * success nothing is said here: the page shows until when the store is pinned, as a status. */
export async function pinStoreAction(storeId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  const days = String(form.get("days") ?? "");
  try {
    const id = storeIdSchema.parse(storeId);
    await pinStore(id, { days: Number(days) }, await actionContext());
    revalidatePath(`/stores/${id}`);
    return { ok: true };
  } catch (error) {
    return actionError(error, { days });
  }
}

/** Lets rollouts upgrade the store again; the domain checks who asks. */
export async function unpinStoreAction(storeId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const id = storeIdSchema.parse(storeId);
    await unpinStore(id, await actionContext());
    revalidatePath(`/stores/${id}`);
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}
