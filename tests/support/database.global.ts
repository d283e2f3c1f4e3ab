// Vitest global setup: a fresh PostgreSQL database for this run, migrated with the committed
// migrations, dropped afterwards. DATABASE_URL names the server and a role allowed to create
// databases; the tests never touch the database it names.
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";

export default async function setup() {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL must name a PostgreSQL server for the tests (scripts/test.sh sets it)");
  const url = new URL(base);
  if (!["localhost", "127.0.0.1", "::1"].includes(url.hostname) && process.env.STOREFLEET_TEST_ALLOW_REMOTE_DB !== "1") {
    throw new Error(`Refusing to create test databases on ${url.hostname}; set STOREFLEET_TEST_ALLOW_REMOTE_DB=1 to allow it`);
  }
  const name = `storefleet_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
  await applyMigrations(process.env.DATABASE_URL);

  return async () => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}
