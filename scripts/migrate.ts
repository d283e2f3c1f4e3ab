// `npm run db:migrate`: applies the committed migrations to the database in DATABASE_URL.
import { applyMigrations } from "../lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (see .env.example)");
  process.exit(1);
}
applyMigrations(url).then(
  ({ applied, alreadyApplied }) => {
    console.log(`migrations: ${applied.length} applied${applied.length ? ` (${applied.join(", ")})` : ""}, ${alreadyApplied} already applied`);
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
