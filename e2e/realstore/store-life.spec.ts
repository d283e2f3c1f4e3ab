// A whole store's life on the real node, through the product's own path: a user creates stores
// with the REST API, the worker installs the chart, and the kubelet runs MariaDB, WordPress's
// init containers and the bootstrap; then checkout through the store's route (Traefik), the
// orders as the store's admin sees them, a backup holding them (read back from the object store)
// and its restore bringing back an order deleted since, a clone of the store made from that backup
// on the store page, persistence across pod loss and suspend/resume, enforced network policies,
// deletion (after a final backup) down to the host directories, and an undone delete bringing the
// store back with its orders. Timings are printed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { existsSync, readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { parse } from "yaml";
import { createApiToken, signIn, signUp, uniqueEmail } from "../portal/helpers";
import { DEFAULT_PRODUCT, expectProcessingCodOrder, placeBlockCheckoutOrder, placeClassicCheckoutOrder, type PlacedOrder } from "../store/checkout-steps";
import { expectRefused, expectSignedIn } from "../store/admin-sign-in";
import { CUSTOM_DOMAIN_SUFFIX, REALSTORE_DNS_PORT, realNodeSettings } from "./real-node";
import { TxtDnsServer } from "./dns-server";

const node = realNodeSettings();
const env = "env" in node ? node.env : {};

test.describe.configure({ mode: "serial" });
test.skip("skip" in node, "skip" in node ? node.skip : "");

type Store = { id: string; slug: string; url: string; namespace: string; phase: string; statusMessage: string | null; failureReason: string | null };
type Pod = { metadata: { name: string; uid: string; labels: Record<string, string> }; spec: { nodeName?: string }; status: { podIP?: string; conditions?: { type: string; status: string; lastTransitionTime: string }[]; initContainerStatuses?: { name: string; state: { terminated?: { exitCode: number; startedAt: string; finishedAt: string } } }[] } };

const suffix = Date.now().toString(36);
const stores: Record<"a" | "b", Store> = {} as never;
const created: Record<string, number> = {};
const orders: PlacedOrder[] = [];
/** Store A's backup that holds both orders. */
let backupOfA = "";
let token = "";
let email = "";
let adminPage: Page;
/** Store A's clone, made from its backup on the store page. */
let clone: Store;
const probeNamespace = `realstore-probe-${suffix}`;

const kubectl = (...args: string[]) => execFileSync("kubectl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const json = <T>(...args: string[]) => JSON.parse(kubectl(...args, "-o", "json")) as T;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const timing = (what: string, ms: number) => console.log(`[realstore timing] ${what}: ${seconds(ms)} s`);

async function api(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const res = await request.fetch(`/api/v1${path}`, { method, data, headers: { Authorization: `Bearer ${token}` } });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.json();
}

/** Polls the store until it reaches `phase`; a store Failed for its latest request fails at once with its reason. */
async function waitForPhase(request: APIRequestContext, store: Store, phase: string, timeoutMs = 15 * 60_000): Promise<Store> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = (await api(request, "GET", `/stores/${store.id}`)).store as Store & { reconciling: boolean };
    if (current.phase === phase) return current;
    // A Failed store that was asked something new (a delete) is no failure yet: the worker acts on it.
    if (current.phase === "Failed" && !current.reconciling) throw new Error(`store ${store.slug} failed (${current.failureReason}): ${current.statusMessage}`);
    if (Date.now() > deadline) throw new Error(`store ${store.slug} is ${current.phase}, not ${phase}, after ${timeoutMs / 1000} s: ${current.statusMessage}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

const pods = (store: Store) => json<{ items: Pod[] }>("get", "pods", "-n", store.namespace).items;
const podOf = (store: Store, component: string) => pods(store).find((p) => p.metadata.labels["app.kubernetes.io/component"] === component);
const isReady = (pod?: Pod) => pod?.status.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

/** The store's claims with their volumes' host directories. */
function volumes(store: Store) {
  const claims = json<{ items: { metadata: { name: string }; spec: { volumeName?: string; storageClassName?: string }; status: { phase: string } }[] }>("get", "pvc", "-n", store.namespace).items;
  return claims.map((c) => {
    const pv = json<{ spec: { local?: { path: string }; nodeAffinity?: unknown } }>("get", "pv", c.spec.volumeName!);
    return { claim: c.metadata.name, phase: c.status.phase, className: c.spec.storageClassName, pv: c.spec.volumeName!, dir: pv.spec.local?.path, affinity: JSON.stringify(pv.spec.nodeAffinity) };
  });
}

/** A TCP connection attempt from inside a container (php is in every store image). */
function connects(namespace: string, target: string, container: string, host: string, port: number): boolean {
  const code = '$s = @fsockopen($argv[1], (int) $argv[2], $no, $err, 3); echo $s ? "connected" : "refused: $err"; exit($s ? 0 : 1);';
  let out: string;
  try {
    out = kubectl("exec", "-n", namespace, target, "-c", container, "--", "php", "-r", code, host, String(port));
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? "");
  }
  // Anything else (exec failing, php missing) must not pass as "blocked".
  expect(out, `${namespace}/${target} -> ${host}:${port}`).toMatch(/^(connected|refused: )/);
  return out.startsWith("connected");
}

async function adminSees(page: Page, wanted: PlacedOrder[]): Promise<void> {
  // Right after WordPress's pod became Ready the router may not route to it yet ("no available
  // server"): the page is loaded again until the list shows, within the deadline.
  await expect(async () => {
    await page.goto("/wp-admin/admin.php?page=wc-orders");
    await expect(page.locator("#wpbody")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [2_000] });
  for (const order of wanted) {
    // HPOS order list rows are #order-<id>; the legacy posts list's #post-<id>.
    const row = page.locator(`#order-${order.id}, #post-${order.id}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("Processing");
  }
}

async function storePage(browser: Browser, store: Store): Promise<Page> {
  const context = await browser.newContext({ baseURL: store.url });
  return context.newPage();
}

test("a user creates two stores with the REST API; each becomes Ready only after its pods really run", async ({ page, request }) => {
  email = uniqueEmail("realstore");
  await signUp(page, email, "Rita Realstore");
  token = await createApiToken(page, "realstore");
  for (const key of ["a", "b"] as const) {
    created[key] = Date.now();
    const body = await api(request, "POST", "/stores", { name: `rs${key}${suffix}`, size: "small", displayName: `Real Store ${key.toUpperCase()}` });
    stores[key] = body.store as Store;
  }
  for (const key of ["a", "b"] as const) {
    stores[key] = await waitForPhase(request, stores[key], "Ready");
    timing(`store ${key.toUpperCase()} create -> Ready`, Date.now() - created[key]!);
  }
  const a = stores.a;
  const wordpress = podOf(a, "wordpress")!;
  const mariadb = podOf(a, "mariadb")!;
  // 1. Both pods ran on the real node and passed their probes.
  for (const pod of [wordpress, mariadb]) {
    expect(pod.spec.nodeName).toBe(env.REAL_NODE_NAME);
    expect(isReady(pod), `${pod.metadata.name} Ready`).toBe(true);
  }
  // MariaDB and WordPress keep their data in real host directories of the local-path class.
  for (const v of volumes(a)) {
    expect(v).toMatchObject({ phase: "Bound", className: "local-path" });
    expect(v.affinity).toContain(env.REAL_NODE_NAME);
    expect(v.dir!.startsWith(env.REAL_NODE_VOLUMES!)).toBe(true);
  }
  const dirs = volumes(a).map((v) => v.dir!);
  expect(dirs.some((d) => existsSync(`${d}/mysql`)), "MariaDB's system tables on the host").toBe(true);
  expect(dirs.some((d) => existsSync(`${d}/wp-content/plugins/woocommerce/woocommerce.php`)), "WooCommerce on the host").toBe(true);
  // The init containers ran in order and succeeded; the bootstrap made the shop.
  const init = wordpress.status.initContainerStatuses!;
  expect(init.map((c) => c.name)).toEqual(["install-wordpress", "wait-for-database", "bootstrap"]);
  for (const [i, c] of init.entries()) {
    expect(c.state.terminated?.exitCode, c.name).toBe(0);
    if (i > 0) expect(Date.parse(c.state.terminated!.startedAt)).toBeGreaterThanOrEqual(Date.parse(init[i - 1]!.state.terminated!.finishedAt));
  }
  const logs = (container: string) => kubectl("logs", "-n", a.namespace, wordpress.metadata.name, "-c", container);
  expect(logs("install-wordpress")).toContain("copied into /var/www/html");
  expect(logs("wait-for-database")).toMatch(/database .* is reachable/);
  expect(logs("bootstrap")).toMatch(/WooCommerce [\d.]+ installed from \/usr\/src\/woocommerce/);
  // Storefleet said Ready only after the WordPress pod was Ready (its probes passed).
  const events = (await api(request, "GET", `/stores/${a.id}/events`)).events as { step: string; state: string; finishedAt: string | null }[];
  const ready = events.find((e) => e.step === "ready" && e.state === "succeeded")!;
  const podReadyAt = wordpress.status.conditions!.find((c) => c.type === "Ready")!.lastTransitionTime;
  // lastTransitionTime has whole seconds.
  expect(Date.parse(ready.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(podReadyAt));
  for (const step of ["database", "wordpress", "bootstrap", "ingress", "ready"]) {
    expect(events.some((e) => e.step === step && e.state === "succeeded"), `timeline step ${step}`).toBe(true);
  }
});

test("a shopper orders with Cash on delivery through the store's route; the admin sees the orders processing", async ({ browser, request }) => {
  const a = stores.a;
  // The route is a Gateway API HTTPRoute (the worker's auto mode on a cluster that serves the
  // Gateway API), which Traefik's Gateway accepted; no Ingress exists.
  type Route = { spec: { hostnames: string[] }; status?: { parents?: { parentRef: { name: string }; conditions: { type: string; status: string }[] }[] } };
  const route = () => JSON.parse(kubectl("get", "httproutes.gateway.networking.k8s.io", `${a.slug}-wordpress`, "-n", a.namespace, "-o", "json")) as Route;
  expect(route().spec.hostnames).toEqual([new URL(a.url).hostname]);
  const accepted = () => route().status?.parents?.find((p) => p.parentRef.name === "storefleet")?.conditions.find((c) => c.type === "Accepted")?.status;
  await expect.poll(accepted, { message: "the Gateway accepted the store's HTTPRoute", timeout: 60_000 }).toBe("True");
  expect(kubectl("get", "ingress", "-n", a.namespace, "-o", "name").trim()).toBe("");
  const shop = await storePage(browser, a);
  const block = await placeBlockCheckoutOrder(shop);
  timing("store A create -> first order", Date.now() - created.a!);
  await expectProcessingCodOrder(shop, block);
  const classic = await placeClassicCheckoutOrder(shop);
  await expectProcessingCodOrder(shop, classic);
  orders.push(block, classic);
  console.log(`[realstore] orders #${block.id} (block checkout) and #${classic.id} (classic checkout) at ${a.url}`);

  const { credentials } = await api(request, "POST", `/stores/${a.id}/credentials`);
  adminPage = await storePage(browser, a);
  await adminPage.goto("/wp-login.php");
  await adminPage.locator("#user_login").fill(credentials.username);
  await adminPage.locator("#user_pass").fill(credentials.password);
  await adminPage.locator("#wp-submit").click();
  await expect(adminPage).toHaveURL(/wp-admin/);
  await adminSees(adminPage, orders);
});

test("Open WordPress admin: the API's single-use link signs the administrator in once; a tampered one is refused", async ({ browser, request }) => {
  const { login } = (await api(request, "POST", `/stores/${stores.a.id}/admin-login`)) as { login: { url: string; expiresAt: string } };
  expect(new URL(login.url).origin).toBe(new URL(stores.a.url).origin);
  expect(Date.parse(login.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  await expectSignedIn(browser, login.url);
  const { login: second } = (await api(request, "POST", `/stores/${stores.a.id}/admin-login`)) as { login: { url: string } };
  await expectRefused(browser, second.url.replace(/.$/, (c) => (c === "A" ? "B" : "A")), "its signature is wrong");
});

type Logs = { component: string; pod: string | null; lines: string[] };

test("the store's logs: the bootstrap, WordPress and MariaDB through the API, audited", async ({ request }) => {
  const a = stores.a;
  const read = async (component: string) => ((await api(request, "GET", `/stores/${a.id}/logs?component=${component}&lines=50`)) as { logs: Logs }).logs;
  const bootstrap = await read("bootstrap");
  expect(bootstrap.pod).toBe(podOf(a, "wordpress")!.metadata.name);
  expect(bootstrap.lines.at(-1)).toMatch(/^bootstrap: \d+ change\(s\)$/);
  expect((await read("wordpress")).lines.length).toBeGreaterThan(0);
  const mariadb = await read("mariadb");
  expect(mariadb.pod).toBe(podOf(a, "mariadb")!.metadata.name);
  expect(mariadb.lines.join("\n")).toMatch(/ready for connections/i);
  const res = await request.fetch(`/api/v1/stores/${a.id}/logs?component=php`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(422);
  const { items } = (await api(request, "GET", `/audit?storeId=${a.id}`)) as { items: { action: string }[] };
  expect(items.filter((e) => e.action === "store.logs_view")).toHaveLength(3);
});

test("the worker's health checks find both stores answering through their route", async ({ request }) => {
  type Health = { checkedAt: string | null; degraded: boolean; failuresInARow: number; problem: string | null; uptime24h: number | null; hours: { checks: number; meanResponseMs: number | null }[] };
  for (const store of [stores.a, stores.b]) {
    let health: Health | undefined;
    // Two checks or more, the latest of them passed.
    await expect
      .poll(async () => {
        health = ((await api(request, "GET", `/stores/${store.id}/health`)) as { health: Health }).health;
        return health.hours.reduce((n, h) => n + h.checks, 0) >= 2 && health.failuresInARow === 0;
      }, { message: `health checks of ${store.slug}`, timeout: 3 * 60_000, intervals: [5_000] })
      .toBe(true);
    expect(health).toMatchObject({ degraded: false, problem: null });
    expect(health!.uptime24h).toBeGreaterThan(0);
    const condition = ((await api(request, "GET", `/stores/${store.id}`)).store as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === "Degraded");
    expect(condition?.status).toBe("False");
    console.log(`[realstore] ${store.slug}: uptime ${health!.uptime24h} %, mean storefront response ${health!.hours.at(-1)!.meanResponseMs} ms`);
  }
});

type Backup = { id: string; kind: string; state: string; sizeBytes: number | null; error: string | null };

/** Polls the store's backups until this one has ended. */
async function waitForBackup(request: APIRequestContext, store: Store, id: string, timeoutMs = 5 * 60_000): Promise<Backup> {
  let backup: Backup | undefined;
  await expect
    .poll(async () => {
      backup = ((await api(request, "GET", `/stores/${store.id}/backups`)).backups as Backup[]).find((b) => b.id === id);
      return backup?.state;
    }, { message: `backup ${id} of ${store.slug} ends`, timeout: timeoutMs, intervals: [2_000] })
    .toMatch(/^(succeeded|failed)$/);
  return backup!;
}

function objectStore() {
  const { BACKUP_S3_ENDPOINT: endpoint, BACKUP_S3_BUCKET: bucket, BACKUP_S3_REGION: region, BACKUP_S3_ACCESS_KEY_ID: accessKeyId, BACKUP_S3_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) throw new Error("BACKUP_S3_* are not set: the test ground's S3 server (scripts/kube/s3.sh) is not running");
  const client = new S3Client({ endpoint, region, credentials: { accessKeyId, secretAccessKey }, forcePathStyle: true });
  return async (key: string) => Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
}

/** The rows of one table in a mariadb-dump, as the text of each tuple (one per line or all on one). */
function rowsOf(dump: string, table: string): string[] {
  return dump
    .split(`INSERT INTO \`${table}\` VALUES`)
    .slice(1)
    .flatMap((statement) => statement.slice(0, statement.indexOf(");\n")).trim().replace(/^\(/, "").split(/\),\s*\(/));
}

test("a backup of store A holds its orders: the dump and wp-content in the object store match the manifest", async ({ request }) => {
  const a = stores.a;
  const requested = Date.now();
  const { backup } = (await api(request, "POST", `/stores/${a.id}/backups`)) as { backup: Backup };
  expect(backup).toMatchObject({ kind: "manual", state: "requested" });
  const done = await waitForBackup(request, a, backup.id);
  expect(done.state, done.error ?? "").toBe("succeeded");
  backupOfA = backup.id;
  timing("store A backup requested -> succeeded", Date.now() - requested);

  const read = objectStore();
  const prefix = `stores/${a.slug}/${backup.id}/`;
  const manifest = JSON.parse((await read(`${prefix}manifest.json`)).toString("utf8"));
  expect(manifest).toMatchObject({ store: a.slug, backup: backup.id });
  const dumpGz = await read(manifest.objects.database.key);
  const archive = await read(manifest.objects.files.key);
  for (const [object, bytes] of [[manifest.objects.database, dumpGz], [manifest.objects.files, archive]] as const) {
    expect(bytes.length).toBe(object.bytes);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(object.sha256);
  }
  expect(done.sizeBytes).toBe(dumpGz.length + archive.length);
  console.log(`[realstore] backup ${backup.id}: db.sql.gz ${dumpGz.length} bytes, wp-content.tar.gz ${archive.length} bytes`);

  // The orders placed above are in the dump, processing (in WooCommerce's order table, or in
  // wp_posts where the store keeps orders as posts); WooCommerce's code is in the archive.
  const dump = gunzipSync(dumpGz).toString("utf8");
  const orderRows = [...rowsOf(dump, "wp_wc_orders"), ...rowsOf(dump, "wp_posts")];
  for (const order of orders) expect(orderRows.find((row) => row.startsWith(`${order.id},`)), `order #${order.id} in the dump`).toMatch(/'wc-processing'/);
  const files = execFileSync("tar", ["-tzf", "-"], { input: archive, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n");
  expect(files).toContain("wp-content/plugins/woocommerce/woocommerce.php");

  const { events } = (await api(request, "GET", `/stores/${a.id}/events`)) as { events: { step: string; state: string; message: string }[] };
  expect(events.filter((e) => e.step === "backup").map((e) => e.state)).toEqual(["succeeded"]);
  // The Job, its pod and its key Secret are gone.
  expect(kubectl("get", "jobs,secrets", "-n", a.namespace, "-l", `storefleet.io/backup-id=${backup.id}`, "-o", "name").trim()).toBe("");
});

test("restoring that backup brings back an order deleted since", async ({ request }) => {
  const a = stores.a;
  const lost = orders[0]!;
  // The order goes, as a careless edit or a bad plugin would make it go: straight from the database.
  const sql = `DELETE FROM wp_postmeta WHERE post_id = ${lost.id}; DELETE FROM wp_posts WHERE ID = ${lost.id};`;
  kubectl("exec", "-n", a.namespace, `statefulset/${a.slug}-mariadb`, "-c", "mariadb", "--", "sh", "-c", `MYSQL_PWD="$(cat "$MARIADB_PASSWORD_FILE")" mariadb -uwordpress wordpress -e "${sql}"`);
  await adminPage.goto("/wp-admin/admin.php?page=wc-orders");
  await expect(adminPage.locator(`#order-${lost.id}, #post-${lost.id}`)).toHaveCount(0);

  const requested = Date.now();
  const { store } = (await api(request, "POST", `/stores/${a.id}/backups/${backupOfA}/restore`)) as { store: Store & { reconciling: boolean } };
  expect(store.statusMessage).toBe("Restore requested");
  await expect
    .poll(async () => {
      const current = (await api(request, "GET", `/stores/${a.id}`)).store as Store & { reconciling: boolean; failureReason: string | null };
      if (current.phase === "Failed") throw new Error(`the restore failed: ${current.statusMessage}`);
      return current.phase === "Ready" && !current.reconciling;
    }, { message: "store A is Ready again after the restore", timeout: 10 * 60_000, intervals: [2_000] })
    .toBe(true);
  timing("store A restore requested -> Ready", Date.now() - requested);
  const { events } = (await api(request, "GET", `/stores/${a.id}/events`)) as { events: { step: string; state: string; message: string }[] };
  expect(events.filter((e) => e.step === "restore").map((e) => e.state)).toEqual(["succeeded"]);
  // Both orders are there again, processing; the restore Job and its Secret are gone.
  await adminSees(adminPage, orders);
  expect(kubectl("get", "jobs,secrets", "-n", a.namespace, "-l", `storefleet.io/backup-id=${backupOfA}`, "-o", "name").trim()).toBe("");
});

/** Signs in to the store's wp-admin with the login the portal reveals for it. */
async function signedInAdmin(browser: Browser, request: APIRequestContext, store: Store): Promise<Page> {
  const { credentials } = await api(request, "POST", `/stores/${store.id}/credentials`);
  const admin = await storePage(browser, store);
  await admin.goto("/wp-login.php");
  await admin.locator("#user_login").fill(credentials.username);
  await admin.locator("#user_pass").fill(credentials.password);
  await admin.locator("#wp-submit").click();
  await expect(admin).toHaveURL(/wp-admin/);
  return admin;
}

/** Polls the store until it is Ready with nothing left to do. */
async function waitSettledReady(request: APIRequestContext, store: Store, what: string): Promise<Store> {
  let current = store;
  await expect
    .poll(async () => {
      current = (await api(request, "GET", `/stores/${store.id}`)).store as Store;
      if (current.phase === "Failed") throw new Error(`${what} failed (${current.failureReason}): ${current.statusMessage}`);
      return current.phase === "Ready" && !(current as Store & { reconciling: boolean }).reconciling;
    }, { message: what, timeout: 15 * 60_000, intervals: [2_000] })
    .toBe(true);
  return current;
}

test("a clone of store A, made on its page from that backup, comes up at its own URL with the orders and its own login", async ({ browser, page, request }) => {
  const a = stores.a;
  await signIn(page, email);
  await page.goto(`/stores/${a.id}`);
  const requested = Date.now();
  await page.getByTestId("backups").getByText("Clone…").first().click();
  const form = page.getByRole("form", { name: /^Clone the backup of / });
  await form.getByLabel("New store name").fill(`rsc${suffix}`);
  await form.getByRole("button", { name: "Clone into a new store" }).click();
  // The portal goes to the new store's page.
  await page.waitForURL((url) => /^\/stores\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(a.id));
  const cloneId = page.url().split("/").pop()!;
  clone = (await api(request, "GET", `/stores/${cloneId}`)).store as Store;
  expect(clone.slug).toBe(`rsc${suffix}`);
  clone = await waitSettledReady(request, clone, "the clone is Ready");
  timing("clone requested -> Ready", Date.now() - requested);
  const { events } = (await api(request, "GET", `/stores/${clone.id}/events`)) as { events: { step: string; state: string }[] };
  expect(events.filter((e) => e.step === "restore" || e.step === "ready").map((e) => [e.step, e.state])).toEqual([["restore", "succeeded"], ["ready", "succeeded"]]);

  // Its pages name its own host, not store A's (the bootstrap rewrote the URLs).
  const shop = await storePage(browser, clone);
  await shop.goto("/");
  const html = await shop.content();
  expect(html).toContain(new URL(clone.url).host);
  expect(html).not.toContain(new URL(a.url).host);
  // Its administrator signs in with the clone's own login (its Secret's password), and sees A's orders.
  const cloneAdmin = await signedInAdmin(browser, request, clone);
  await adminSees(cloneAdmin, orders);
});

test("a bootstrap made to fail shows its last log lines on the clone's timeline", async ({ request }) => {
  // The clone's administrator goes (as a careless edit would), then WordPress restarts: its
  // bootstrap acts as that administrator and fails.
  const sql = "DELETE FROM wp_users WHERE user_login = 'admin';";
  kubectl("exec", "-n", clone.namespace, `statefulset/${clone.slug}-mariadb`, "-c", "mariadb", "--", "sh", "-c", `MYSQL_PWD="$(cat "$MARIADB_PASSWORD_FILE")" mariadb -uwordpress wordpress -e "${sql}"`);
  const broken = Date.now();
  kubectl("delete", "pods", "-n", clone.namespace, "-l", "app.kubernetes.io/component=wordpress", "--wait=false");
  type Event = { step: string; state: string; message: string; log: string | null };
  let failed: Event | undefined;
  await expect
    .poll(async () => {
      const { events } = (await api(request, "GET", `/stores/${clone.id}/events`)) as { events: Event[] };
      failed = events.find((e) => e.state === "failed" && e.log);
      return failed?.message;
    }, { message: "the failed bootstrap on the clone's timeline", timeout: 10 * 60_000, intervals: [3_000] })
    .toMatch(/^WooCommerce bootstrap failed/);
  timing("bootstrap broken -> its log on the timeline", Date.now() - broken);
  expect(failed!.log).toMatch(/Invalid user ID, email or login: 'admin'/);
  console.log(`[realstore] the timeline's log of the failed bootstrap:\n${failed!.log}`);
});

test("the orders survive losing both pods, and a suspend and resume", async ({ request }) => {
  const a = stores.a;
  const before = pods(a).map((p) => p.metadata.uid);
  kubectl("delete", "pods", "-n", a.namespace, "--all", "--wait=false");
  await expect
    .poll(() => {
      const now = pods(a);
      return now.length === 2 && now.every((p) => isReady(p) && !before.includes(p.metadata.uid));
    }, { timeout: 10 * 60_000, intervals: [2_000] })
    .toBe(true);
  await adminSees(adminPage, orders);

  const dirs = volumes(a).map((v) => v.dir!);
  await api(request, "POST", `/stores/${a.id}/suspend`);
  await waitForPhase(request, a, "Suspended");
  expect(pods(a)).toEqual([]);
  expect(volumes(a).map((v) => v.phase)).toEqual(["Bound", "Bound"]);
  for (const dir of dirs) expect(existsSync(dir), dir).toBe(true);

  const resumed = Date.now();
  await api(request, "POST", `/stores/${a.id}/resume`);
  await waitForPhase(request, a, "Ready");
  timing("store A resume -> Ready", Date.now() - resumed);
  await adminSees(adminPage, orders);
});

test("network policies are enforced on the real node", async () => {
  const [a, b] = [stores.a, stores.b];
  const mariadbB = podOf(b, "mariadb")!.status.podIP!;
  const wordpressA = podOf(a, "wordpress")!.status.podIP!;
  const cliImage = (parse(readFileSync(env.STORE_BASE_VALUES_FILE!, "utf8")) as { images: { cli: { repository: string; tag: string } } }).images.cli;
  // A namespace without any policy, with a php-capable pod on the real node.
  kubectl("create", "namespace", probeNamespace);
  const probe = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "probe", namespace: probeNamespace },
    spec: {
      nodeSelector: { "storefleet.dev/node": "real" },
      tolerations: [{ key: "storefleet.dev/real-node", operator: "Exists", effect: "NoSchedule" }],
      securityContext: { runAsNonRoot: true, runAsUser: 33, runAsGroup: 33, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{
        name: "probe", image: `${cliImage.repository}:${cliImage.tag}`, imagePullPolicy: "Never", command: ["sleep", "3600"],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      }],
    },
  };
  // A server on 443 at a pod address: inside the cluster's ranges, which stores' HTTPS egress
  // leaves out (networkPolicy.egress.excludeCidrs).
  const listener = {
    ...probe,
    metadata: { name: "https-listener", namespace: probeNamespace },
    spec: {
      ...probe.spec,
      securityContext: { ...probe.spec.securityContext, sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }] },
      containers: [{ ...probe.spec.containers[0]!, name: "listener", command: ["php", "-S", "0.0.0.0:443", "-t", "/tmp"] }],
    },
  };
  execFileSync("kubectl", ["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "v1", kind: "List", items: [probe, listener] }) });
  kubectl("wait", "-n", probeNamespace, "--for=condition=Ready", "pod/probe", "pod/https-listener", "--timeout=120s");
  const listenerIP = JSON.parse(kubectl("get", "pod", "-n", probeNamespace, "https-listener", "-o", "json")).status.podIP as string;
  const fromProbe = (host: string, port: number) => connects(probeNamespace, "pod/probe", "probe", host, port);
  const fromWordPress = (store: Store, host: string, port: number) =>
    connects(store.namespace, `deploy/${store.slug}-wordpress`, "wordpress", host, port);

  // Controls: the paths exist, so a refusal below is the policy's doing.
  expect(fromWordPress(b, mariadbB, 3306), "store B's WordPress reaches its own MariaDB").toBe(true);
  expect(fromProbe("10.96.0.1", 443), "a pod without policies reaches the API server's Service").toBe(true);
  expect(fromProbe(listenerIP, 443), "a pod without policies reaches a pod address on 443").toBe(true);
  // Enforced isolation.
  expect(fromProbe(mariadbB, 3306), "probe -> store B's MariaDB").toBe(false);
  expect(fromWordPress(a, mariadbB, 3306), "store A's WordPress -> store B's MariaDB").toBe(false);
  expect(fromProbe(wordpressA, 80), "probe -> store A's WordPress (only the ingress controller may)").toBe(false);
  expect(fromWordPress(a, "10.96.0.1", 443), "store A's WordPress -> the API server's Service address").toBe(false);
  expect(fromWordPress(a, listenerIP, 443), "store A's WordPress -> a cluster address on 443 (excluded from its HTTPS egress)").toBe(false);
});

/** Deletes the store and waits until its namespace, claims, volumes and host directories are gone. */
async function deleteCompletely(request: APIRequestContext, store: Store, label: string): Promise<void> {
  const before = volumes(store);
  const started = Date.now();
  await api(request, "DELETE", `/stores/${store.id}`);
  await waitForPhase(request, store, "Deleted");
  expect(() => kubectl("get", "namespace", store.namespace)).toThrow(/NotFound/);
  // The claims are gone with the namespace; the provisioner then reclaims their volumes.
  const exists = (pv: string) => kubectl("get", "pv", "--ignore-not-found", "-o", "name", pv).trim() !== "";
  await expect
    .poll(() => before.filter((v) => exists(v.pv) || existsSync(v.dir!)).map((v) => v.pv), { timeout: 120_000, intervals: [1_000] })
    .toEqual([]);
  timing(`${label} delete -> namespace, claims, volumes and directories gone`, Date.now() - started);
}

const finalBackups = async (request: APIRequestContext, store: Store) =>
  ((await api(request, "GET", `/stores/${store.id}/backups`)).backups as Backup[]).filter((b) => b.kind === "final").map((b) => [b.state, b.error]);

test("a custom domain of store B, proven by its TXT record, serves the shop at that host; the platform URL keeps working", async ({ browser, request }) => {
  const b = stores.b;
  const dns = new TxtDnsServer();
  await dns.start(REALSTORE_DNS_PORT);
  try {
    const host = `shop-${suffix}.${CUSTOM_DOMAIN_SUFFIX}`;
    const { domain } = (await api(request, "POST", `/stores/${b.id}/domains`, { host })) as { domain: { id: string; records: { type: string; name: string; value: string }[] } };
    const txt = domain.records.find((r) => r.type === "TXT")!;
    // Not published yet: refused, nothing changes.
    const early = await request.fetch(`/api/v1/stores/${b.id}/domains/${domain.id}/verify`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(early.status()).toBe(409);
    dns.records.set(txt.name, txt.value);
    const requested = Date.now();
    await api(request, "POST", `/stores/${b.id}/domains/${domain.id}/verify`);
    await waitSettledReady(request, b, "store B is Ready with its custom domain");
    timing("custom domain verified -> Ready", Date.now() - requested);
    const route = JSON.parse(kubectl("get", "httproutes.gateway.networking.k8s.io", `${b.slug}-wordpress`, "-n", b.namespace, "-o", "json")) as { spec: { hostnames: string[] } };
    expect(route.spec.hostnames).toEqual([new URL(b.url).hostname, host]);

    const port = new URL(b.url).port;
    const custom = `http://${host}${port ? `:${port}` : ""}`;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${custom}/shop/`);
    await expect(page.getByRole("link", { name: DEFAULT_PRODUCT }).first()).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(custom).host);
    const links = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.filter((href) => href.includes(new URL(b.url).hostname))).toEqual([]);
    expect(links.some((href) => href.startsWith(custom))).toBe(true);
    // The platform URL still serves the shop with its own links.
    await page.goto(`${b.url}/shop/`);
    expect(new URL(page.url()).host).toBe(new URL(b.url).host);
    expect(await page.content()).not.toContain(host);
  } finally {
    dns.stop();
  }
});

test("deleting the stores keeps a final backup and removes namespaces, claims, volumes and their host directories", async ({ request }) => {
  await Promise.all([deleteCompletely(request, stores.a, "store A"), deleteCompletely(request, stores.b, "store B"), deleteCompletely(request, clone, "the clone")]);
  // What each running store had is kept: its final backup, made before anything was removed. The
  // clone, whose bootstrap was broken above, was not running: no final backup could read it.
  for (const store of [stores.a, stores.b]) expect(await finalBackups(request, store)).toEqual([["succeeded", null]]);
  expect(await finalBackups(request, clone)).toEqual([]);
});

test("undo delete brings store A back under its name and URL from its final backup, with the orders and a new login", async ({ browser, request }) => {
  const a = stores.a;
  const requested = Date.now();
  const { store } = (await api(request, "POST", `/stores/${a.id}/undelete`)) as { store: Store };
  expect(store).toMatchObject({ id: a.id, slug: a.slug, url: a.url, statusMessage: "Undo delete requested" });
  await waitSettledReady(request, a, "store A is Ready again after the undo");
  timing("store A undo delete -> Ready", Date.now() - requested);
  const admin = await signedInAdmin(browser, request, a);
  await adminSees(admin, orders);
  // Deleted again, with a second final backup.
  await deleteCompletely(request, a, "store A (again)");
  expect(await finalBackups(request, a)).toEqual([["succeeded", null], ["succeeded", null]]);
});

test.afterAll(() => {
  if ("skip" in node) return;
  try {
    kubectl("delete", "namespace", probeNamespace, "--ignore-not-found", "--wait=false");
  } catch {
    // The cluster may already be gone; kube:down removes everything anyway.
  }
});
