"use client";
// True once React has hydrated the page. Forms that need JavaScript keep their submit button
// disabled until then, so nothing typed (a password above all) is submitted by the browser's
// default GET before the page is ready.
import { useEffect, useState } from "react";

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
