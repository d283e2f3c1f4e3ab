"use client";
// Re-renders the server components of the current page every few seconds while something on it
// is still changing. The server decides `active` on each render, so polling stops by itself once
// everything has settled. Hidden tabs do not poll; they catch up when shown again.
import { useEffect } from "react";
import { useRouter } from "next/navigation";

export function LiveRefresh({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const tick = () => {
      if (document.visibilityState === "visible") router.refresh();
    };
    const timer = window.setInterval(tick, intervalMs);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [active, intervalMs, router]);
  return active ? <p className="sr-only">This page updates automatically while changes are in progress.</p> : null;
}
