// Adds up the JSON reports that scripts/test.sh asked vitest and Playwright for, and prints one
// closing line with the whole run's totals, so a reader (or CI) sees at the end how many tests ran.
// Only that line has the form "Word: N passed, N failed, N skipped" that CI reads as a test
// runner's closing line; each suite's own line is written differently so it is never mistaken for it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

type Totals = { passed: number; failed: number; skipped: number };

// vitest's json reporter (Jest's format) or Playwright's json reporter.
type Report = {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number };
};

export function totalsOf(report: Report): Totals {
  if (report.stats) {
    const { expected, unexpected, flaky, skipped } = report.stats;
    return { passed: expected + flaky, failed: unexpected, skipped };
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function main(dir: string): void {
  const sum: Totals = { passed: 0, failed: 0, skipped: 0 };
  const files = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  for (const name of files) {
    const totals = totalsOf(JSON.parse(readFileSync(path.join(dir, name), "utf8")) as Report);
    console.log(`  ${path.basename(name, ".json")} = ${totals.passed} passed / ${totals.failed} failed / ${totals.skipped} skipped`);
    sum.passed += totals.passed;
    sum.failed += totals.failed;
    sum.skipped += totals.skipped;
  }
  console.log(`Total: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
}

main(process.argv[2] ?? "test-results/totals");
