// Measures create-to-Ready and delete times of the provisioning worker against the cluster
// KUBECONFIG names (the simulated one: source scripts/kube/env.sh && bash scripts/kube/up.sh).
// Prints figures only; nothing is asserted. Usage:
//   DATABASE_URL=postgresql://... AUTH_SECRET=... npx tsx scripts/bench/provision.ts [stores=5]
// It uses a throwaway database (created and dropped here) so it never touches real data.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";

const count = Number(process.argv[2] ?? 5);
const base = new URL(process.env.DATABASE_URL ?? "");
const name = `storefleet_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
base.pathname = `/${name}`;
process.env.DATABASE_URL = base.toString();
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
process.env.STORE_SIZES ??= JSON.stringify({ tiny: { label: "Tiny", cpu: "400m", memory: "512Mi", storage: "2Gi" } });
process.env.WORKER_METRICS_PORT = "0";
await applyMigrations(process.env.DATABASE_URL);

// Imported after DATABASE_URL points at the bench database (env() parses once).
const { db, disconnectDb } = await import("@/lib/db/client");
const { notifyStoreChanged } = await import("@/lib/stores/notify");
const { startWorker } = await import("../../tests/worker/helpers");

const worker = startWorker({ WORKER_CONCURRENCY: "4", STORE_READY_TIMEOUT_SECONDS: "120" });
await worker.start();
const owner = await db().user.create({ data: { email: `bench-${Date.now()}@example.test`, name: "Bench", storeQuota: 1000 } });

async function until(id: string, phase: string) {
  for (;;) {
    const s = await db().store.findUniqueOrThrow({ where: { id } });
    if (s.phase === phase) return;
    if (s.phase === "Failed") throw new Error(`store failed: ${s.statusMessage}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]!.toFixed(2)} s, median ${s[Math.floor(s.length / 2)]!.toFixed(2)} s, max ${s.at(-1)!.toFixed(2)} s`;
};

try {
  const create: number[] = [];
  const remove: number[] = [];
  for (let i = 0; i < count; i++) {
    const store = await db().store.create({ data: { slug: `bench${i}-${randomBytes(2).toString("hex")}`, displayName: `Bench ${i}`, size: "tiny", ownerId: owner.id } });
    let t = performance.now();
    await notifyStoreChanged(store.id);
    await until(store.id, "Ready");
    create.push((performance.now() - t) / 1000);
    t = performance.now();
    await db().store.update({ where: { id: store.id }, data: { desiredState: "absent", generation: { increment: 1 } } });
    await notifyStoreChanged(store.id);
    await until(store.id, "Deleted");
    remove.push((performance.now() - t) / 1000);
  }
  console.log(`stores measured one at a time: ${count}`);
  console.log(`create → Ready: ${stats(create)}`);
  console.log(`delete → Deleted (namespace and claims gone): ${stats(remove)}`);
} finally {
  await worker.stop();
  await disconnectDb();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
