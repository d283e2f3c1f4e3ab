import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/session";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage() {
  await requireActor();
  return (
    <section aria-labelledby="stores-heading" className="space-y-4">
      <h1 id="stores-heading" className="text-2xl font-semibold">
        Stores
      </h1>
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">You have no stores yet.</p>
    </section>
  );
}
