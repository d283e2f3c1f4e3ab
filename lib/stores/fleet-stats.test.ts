import { describe, expect, it } from "vitest";
import { perDay, provisioningHistogram } from "./fleet-stats";

describe("fleet statistics", () => {
  it("bins provisioning times by minutes and finds their median", () => {
    const h = provisioningHistogram([100, 150, 170, 300, 2000]);
    expect(h.bins).toEqual([
      { label: "< 2 min", value: 1 },
      { label: "2-4 min", value: 2 },
      { label: "4-8 min", value: 1 },
      { label: "8-15 min", value: 0 },
      { label: "15-30 min", value: 0 },
      { label: "≥ 30 min", value: 1 },
    ]);
    expect(h).toMatchObject({ medianSeconds: 170, count: 5 });
    expect(provisioningHistogram([100, 200]).medianSeconds).toBe(150);
    expect(provisioningHistogram([])).toMatchObject({ medianSeconds: null, count: 0 });
  });

  it("gives one point per day, oldest first, zero for days without rows", () => {
    const now = new Date("2026-11-30T10:00:00Z");
    const points = perDay([{ day: new Date("2026-11-30T00:00:00Z"), n: 4 }, { day: new Date("2026-11-28T00:00:00Z"), n: 2 }], now, 3);
    expect(points).toEqual([
      { label: "11-28", value: 2 },
      { label: "11-29", value: 0 },
      { label: "11-30", value: 4 },
    ]);
  });
});
