// Prints a personal API token of a new administrator in the database named by DATABASE_URL,
// for scripts/fuzz-api.sh. The account is made through the real sign-up path (the first account
// of a fresh database is an administrator) and given a quota that fuzzing cannot exhaust.
import { db, disconnectDb } from "../lib/db/client";
import { signUp, updateUser } from "../lib/users/service";
import { createApiToken } from "../lib/tokens/service";

const email = `fuzz-admin-${Date.now()}@example.test`;
await signUp({ name: "Fuzz Admin", email, password: "fuzz admin password" }, { actor: null, sourceIp: null, via: "system" });
const user = await db().user.findUniqueOrThrow({ where: { email } });
if (user.role !== "admin") throw new Error("the database is not fresh: its first account is someone else");
const actor = { id: user.id, email: user.email, name: user.name, role: user.role };
await updateUser(user.id, { storeQuota: 1000 }, { actor, sourceIp: null, via: "system" });
const { token } = await createApiToken({ name: "schemathesis" }, { actor, sourceIp: null, via: "system" });
console.log(token);
await disconnectDb();
