import Link from "next/link";

export default function StoreNotFound() {
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-2xl font-semibold">Store not found</h1>
      <p className="mt-2 text-slate-600">There is no such store, or it is not yours to see.</p>
      <Link href="/stores" className="mt-6 inline-block font-medium text-indigo-700 underline">
        Back to your stores
      </Link>
    </section>
  );
}
