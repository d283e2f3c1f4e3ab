import { realNodeSettings } from "./real-node";

/** Prints why the real-store suite is skipped (Playwright's list of skipped tests does not). */
export default function globalSetup(): void {
  const node = realNodeSettings();
  if ("skip" in node) console.log(`[realstore] SKIPPED: ${node.skip}`);
}
