// Vitest global setup of the worker tests: bundles the worker as the image runs it
// (`npm run build:worker` → dist/worker.mjs), so the tests that start worker processes run the
// artifact that ships, not only its sources.
import { execFileSync } from "node:child_process";

export default function setup() {
  execFileSync("npm", ["run", "--silent", "build:worker"], { stdio: "inherit" });
}
