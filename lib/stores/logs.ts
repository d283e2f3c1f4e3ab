// A store's recent logs for its owner or an admin, on demand: WordPress, MariaDB or the bootstrap,
// read through the API server with the portal's confined permissions (list pods and read their
// logs, in store namespaces only), every line redacted, every read audit-logged.
import { z } from "zod";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { readContainerLog } from "@/lib/kube/pod-logs";
import { parseInput } from "@/lib/validation";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { findManageable } from "@/lib/stores/service";
import { readFromStoreNamespace } from "@/lib/stores/store-cluster";
import { redactLog } from "@/lib/stores/log-redaction";

/** Which pod (by its component label) and container each log comes from. */
export const LOG_SOURCES = {
  wordpress: { label: "WordPress", component: "wordpress", container: "wordpress" },
  bootstrap: { label: "Bootstrap", component: "wordpress", container: "bootstrap" },
  mariadb: { label: "MariaDB", component: "mariadb", container: "mariadb" },
} as const;
export type LogComponent = keyof typeof LOG_SOURCES;

export const storeLogsQuerySchema = z.object({
  component: z.enum(Object.keys(LOG_SOURCES) as [LogComponent, ...LogComponent[]], { error: `component must be one of: ${Object.keys(LOG_SOURCES).join(", ")}` }),
  lines: z.coerce.number({ error: "lines must be a number" }).int().min(1, "lines must be 1-1000").max(1000, "lines must be 1-1000").default(200),
});

export const storeLogsViewSchema = z
  .object({
    component: z.enum(Object.keys(LOG_SOURCES) as [LogComponent, ...LogComponent[]]),
    pod: z.string().nullable().meta({ description: "The pod read; null when none runs (e.g. a suspended store)" }),
    lines: z.array(z.string()).meta({ description: "Oldest first, secrets redacted" }),
  })
  .meta({ id: "StoreLogs" });
export type StoreLogsView = z.infer<typeof storeLogsViewSchema>;

export async function readStoreLogs(storeId: string, query: unknown, ctx: ActorContext): Promise<StoreLogsView> {
  const { component, lines } = parseInput(storeLogsQuerySchema, query);
  const store = await findManageable(ctx.actor, storeId);
  const source = LOG_SOURCES[component];
  const selector = `${storeObjects(store.slug).instanceSelector},app.kubernetes.io/component=${source.component}`;
  const log = await readFromStoreNamespace(store, "logs", "The store has no pods yet; wait until it is provisioned", (kube, namespace) =>
    readContainerLog(kube, namespace, selector, source.container, lines),
  );
  await recordAudit(ctx, { action: "store.logs_view", targetType: "store", targetId: store.id, storeId: store.id, details: { slug: store.slug, component, lines } });
  const text = redactLog(log?.text ?? "").replace(/\n$/, "");
  return { component, pod: log?.pod ?? null, lines: text === "" ? [] : text.split("\n") };
}
