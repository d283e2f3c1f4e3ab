// Prints the URL of a new, migrated database on the server in DATABASE_URL, for end-to-end runs.
// Usage: tsx scripts/fresh-database.ts <label>. Databases of that label older than a day are
// dropped; newer ones may belong to a run still going on (another checkout on this machine).
import pg from "pg";
import { applyMigrations } from "../lib/db/migrate";

const base = process.env.DATABASE_URL;
if (!base) throw new Error("DATABASE_URL is not set");
const label = process.argv[2] ?? "scratch";
const name = `storefleet_${label}_${Date.now()}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
// Earlier runs' databases of the same label are dropped so they do not pile up.
const DAY_MS = 24 * 3600_000;
const earlier = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`storefleet_${label}_%`]);
for (const { datname } of earlier.rows) {
  const createdMs = Number(datname.slice(`storefleet_${label}_`.length));
  if (Date.now() - createdMs > DAY_MS) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
}
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();
const url = new URL(base);
url.pathname = `/${name}`;
await applyMigrations(url.toString());
console.log(url.toString());
