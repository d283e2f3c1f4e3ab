export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="flex items-center justify-center gap-2 text-lg font-bold tracking-tight text-indigo-700">
          <img src="/logo.svg" alt="" width={28} height={28} />
          Storefleet
        </p>
        {children}
      </div>
    </main>
  );
}
