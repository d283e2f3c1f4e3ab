// One Prisma client per process. In development Next.js re-evaluates modules on every edit, so
// the client is kept on globalThis instead of opening a new pool each time.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/config/env";

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL }),
    // Secrets never leave the data layer unless a query asks for them explicitly.
    omit: { user: { passwordHash: true }, apiToken: { tokenHash: true } },
  });
}

export type Database = ReturnType<typeof createClient>;

const holder = globalThis as unknown as { storefleetDb?: Database };

export function db(): Database {
  holder.storefleetDb ??= createClient();
  return holder.storefleetDb;
}

export async function disconnectDb(): Promise<void> {
  await holder.storefleetDb?.$disconnect();
  holder.storefleetDb = undefined;
}
