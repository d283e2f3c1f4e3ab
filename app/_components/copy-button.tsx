"use client";
// Copies a value to the clipboard and says so (announced to screen readers).
import { useState } from "react";

export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setResult("copied");
    } catch {
      // Clipboard access needs a secure context and permission; the value stays selectable.
      setResult("failed");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium hover:bg-slate-50">
        {label}
      </button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {result === "copied" ? "Copied" : result === "failed" ? "Copy failed; select the text instead" : ""}
      </span>
    </span>
  );
}
