// The store's provisioning timeline (StoreEvent rows). Each write is idempotent per
// (generation, step): a pass re-run after a crash or a requeue reuses the running row or leaves the
// finished one alone, so the timeline never shows a step twice for one request. Every write is
// fenced on the lease like the store's status: a worker that lost its lease writes nothing.
import { db } from "@/lib/db/client";
import { fenced } from "./leases";

export type Step = "namespace" | "secrets" | "database" | "wordpress" | "bootstrap" | "ingress" | "ready" | "suspend" | "resume" | "resize" | "restore" | "domains" | "upgrade" | "delete" | "repair";

export const PROVISION_STEPS: Step[] = ["namespace", "secrets", "database", "wordpress", "bootstrap", "ingress", "ready"];

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

export class Timeline {
  /** Steps this pass already wrote: asking again costs no database round trip. */
  private readonly known = new Map<Step, "running" | "succeeded">();

  constructor(
    readonly storeId: string,
    readonly generation: number,
    private readonly owner: string,
  ) {}

  private write(fn: (tx: Tx) => Promise<unknown>): Promise<void> {
    return fenced(this.storeId, this.owner, async (tx) => {
      await fn(tx);
    });
  }

  private find(tx: Tx, step: Step, states: Array<"running" | "succeeded">) {
    return tx.storeEvent.findFirst({
      where: { storeId: this.storeId, generation: this.generation, step, state: { in: states } },
      orderBy: { startedAt: "desc" },
    });
  }

  /** Marks a step as running unless it already runs or finished for this generation. */
  async begin(step: Step, message: string): Promise<void> {
    if (this.known.has(step)) return;
    this.known.set(step, "running");
    await this.write(async (tx) => {
      if (!(await this.find(tx, step, ["running", "succeeded"]))) {
        await tx.storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state: "running", message } });
      }
    });
  }

  async succeed(step: Step, message: string): Promise<void> {
    if (this.known.get(step) === "succeeded") return;
    this.known.set(step, "succeeded");
    await this.write(async (tx) => {
      const running = await this.find(tx, step, ["running"]);
      if (running) {
        await tx.storeEvent.update({ where: { id: running.id }, data: { state: "succeeded", message, finishedAt: new Date() } });
      } else if (!(await this.find(tx, step, ["succeeded"]))) {
        const now = new Date();
        await tx.storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state: "succeeded", message, startedAt: now, finishedAt: now } });
      }
    });
  }

  /** Fails whatever runs up to this pass's generation (a superseded request's steps end here
   * too), with the failing container's last log lines when there are any; the newer request's
   * own step, written with it (a resize), stays running. */
  failRunning(message: string, log?: string): Promise<void> {
    for (const [step, state] of this.known) if (state === "running") this.known.delete(step);
    return this.write((tx) =>
      tx.storeEvent.updateMany({ where: { storeId: this.storeId, state: "running", generation: { lte: this.generation } }, data: { state: "failed", message, log, finishedAt: new Date() } }),
    );
  }

  /** Records a step that happened at once (e.g. a corrected drift). */
  note(step: Step, message: string): Promise<void> {
    const now = new Date();
    return this.write((tx) => tx.storeEvent.create({ data: { storeId: this.storeId, generation: this.generation, step, state: "succeeded", message, startedAt: now, finishedAt: now } }));
  }
}
