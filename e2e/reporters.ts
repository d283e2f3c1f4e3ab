import type { ReporterDescription } from "@playwright/test";

// The list reporter for people; when scripts/test.sh names a results file
// (PLAYWRIGHT_JSON_OUTPUT_FILE), also a JSON report, from which it adds up the run's totals.
export function reporters(...others: ReporterDescription[]): ReporterDescription[] {
  const json: ReporterDescription[] = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["json"]] : [];
  return [["list"], ...others, ...json];
}
