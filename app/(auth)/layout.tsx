export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-center text-lg font-bold tracking-tight text-indigo-700">Storefleet</p>
        {children}
      </div>
    </main>
  );
}
