"use client";

export default function StoresError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h2 className="font-semibold text-red-800">Your stores could not be loaded</h2>
      <p className="mt-1 text-sm text-red-700">The error was logged. Try again in a moment.</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white">
        Try again
      </button>
    </div>
  );
}
