import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing here, or it is not yours to see.</p>
      <Link href="/stores" className="mt-6 inline-block font-medium text-indigo-700 underline">
        Back to your stores
      </Link>
    </main>
  );
}
