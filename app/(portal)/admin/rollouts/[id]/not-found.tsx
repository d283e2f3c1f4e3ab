import Link from "next/link";

export default function RolloutNotFound() {
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-2xl font-semibold">Rollout not found</h1>
      <p className="mt-2 text-slate-600">There is no such rollout.</p>
      <Link href="/admin/rollouts" className="mt-6 inline-block font-medium text-indigo-700 underline">
        Back to rollouts
      </Link>
    </section>
  );
}
