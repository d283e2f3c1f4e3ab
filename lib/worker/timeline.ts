// The store's provisioning timeline (StoreEvent rows). Each write is idempotent per
// (generation, step): a pass re-run after a crash reuses the running row or leaves the finished
// one alone, so the timeline never shows a step twice for one request.
import { db } from "@/lib/db/client";

export type Step = "namespace" | "secrets" | "database" | "wordpress" | "bootstrap" | "ingress" | "ready" | "suspend" | "resume" | "delete" | "repair";

export const PROVISION_STEPS: Step[] = ["namespace", "secrets", "database", "wordpress", "bootstrap", "ingress", "ready"];

export class Timeline {
  constructor(
    readonly storeId: string,
    readonly generation: number,
  ) {}

  private find(step: Step, states: Array<"running" | "succeeded">) {
    return db().storeEvent.findFirst({
      where: { storeId: this.storeId, generation: this.generation, step, state: { in: states } },
      orderBy: { startedAt: "desc" },
    });
  }

  /** Marks a step as running unless it already runs or finished for this generation. */
  async begin(step: Step, message: string, opts: { always?: boolean } = {}): Promise<void> {
    const existing = await this.find(step, opts.always ? ["running"] : ["running", "succeeded"]);
    if (!existing) await db().storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state: "running", message } });
  }

  async succeed(step: Step, message: string): Promise<void> {
    const running = await this.find(step, ["running"]);
    if (running) {
      await db().storeEvent.update({ where: { id: running.id }, data: { state: "succeeded", message, finishedAt: new Date() } });
      return;
    }
    if (await this.find(step, ["succeeded"])) return;
    const now = new Date();
    await db().storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state: "succeeded", message, startedAt: now, finishedAt: now } });
  }

  /** Fails whatever runs (any generation: a superseded request's steps end here too). */
  async failRunning(message: string): Promise<void> {
    await db().storeEvent.updateMany({ where: { storeId: this.storeId, state: "running" }, data: { state: "failed", message, finishedAt: new Date() } });
  }

  /** Records a step that happened at once (e.g. a repair finding). */
  async note(step: Step, message: string, state: "succeeded" | "running" = "succeeded"): Promise<void> {
    const now = new Date();
    await db().storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state, message, startedAt: now, finishedAt: state === "succeeded" ? now : null } });
  }
}
