import Link from "next/link";
import { requireActor } from "@/app/_lib/session";
import { UserMenu } from "@/app/_components/user-menu";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const admin = actor.role === "admin";
  const links = [
    { href: "/stores", label: "Stores" },
    { href: "/settings/tokens", label: "API tokens" },
    { href: "/settings/account", label: "Account" },
    ...(admin
      ? [
          { href: "/admin/stores", label: "All stores" },
          { href: "/admin/rollouts", label: "Rollouts" },
          { href: "/admin/users", label: "Users" },
          { href: "/admin/status", label: "Platform" },
          { href: "/audit", label: "Audit log" },
        ]
      : [{ href: "/audit", label: "Activity" }]),
  ];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/stores" className="mr-auto flex items-center gap-2 text-lg font-bold tracking-tight text-indigo-700 sm:mr-0">
            <img src="/logo.svg" alt="" width={28} height={28} />
            Storefleet
          </Link>
          <nav aria-label="Main" className="order-last flex basis-full flex-wrap gap-x-4 gap-y-1 text-sm font-medium text-slate-700 sm:order-none sm:flex-1 sm:basis-auto">
            {links.map(({ href, label }) => (
              <Link key={href} href={href} className="hover:text-indigo-700">
                {label}
              </Link>
            ))}
          </nav>
          <UserMenu name={actor.name} email={actor.email} role={actor.role} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
