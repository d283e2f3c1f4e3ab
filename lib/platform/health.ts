// Platform health: each dependency answers with ok and a short detail; used by /api/health and
// the admin status page.
import { db } from "@/lib/db/client";

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export async function checkDatabase(): Promise<CheckResult> {
  try {
    await db().$queryRaw`SELECT 1`;
    return { ok: true, detail: "reachable" };
  } catch (error) {
    return { ok: false, detail: `unreachable: ${(error as Error).message.split("\n")[0]}` };
  }
}
