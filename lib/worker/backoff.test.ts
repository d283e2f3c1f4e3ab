import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";

describe("backoffDelay", () => {
  const policy = { baseMs: 1000, capMs: 30_000 };
  it("doubles per attempt", () => {
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(1000);
    expect(backoffDelay(2, policy, () => 0.999999)).toBe(2000);
    expect(backoffDelay(4, policy, () => 0.999999)).toBe(8000);
  });
  it("is capped", () => {
    expect(backoffDelay(50, policy, () => 0.999999)).toBe(30_000);
  });
  it("jitters between half and the full delay", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(2000);
    const d = backoffDelay(3, policy, Math.random);
    expect(d).toBeGreaterThanOrEqual(2000);
    expect(d).toBeLessThanOrEqual(4000);
  });
});
