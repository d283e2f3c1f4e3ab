import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">It is for administrators only.</p>
      <Link href="/stores" className="mt-6 inline-block font-medium text-indigo-700 underline">
        Back to your stores
      </Link>
    </main>
  );
}
