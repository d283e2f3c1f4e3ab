// What /api/health reports. Later checks (cluster, worker heartbeat) join the `checks` map.
import { checkDatabase, type CheckResult } from "@/lib/platform/health";

export interface PlatformHealth {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

export async function platformHealth(): Promise<PlatformHealth> {
  const checks = { database: await checkDatabase() };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
