import { describe, expect, it } from "vitest";
import { hourOf, isDegraded, summarizeHealth, uptimeOf } from "./health";

const now = new Date("2026-11-30T10:20:00Z");
const hour = (iso: string, checks: number, failures: number, responseMsSum = checks * 200) => ({ hour: new Date(iso), checks, failures, responseMsSum });

describe("store health", () => {
  it("is Degraded from the third failed check in a row", () => {
    expect([0, 1, 2, 3, 7].map((healthFailures) => isDegraded({ healthFailures }))).toEqual([false, false, false, true, true]);
  });

  it("rolls checks up by UTC hour", () => {
    expect(hourOf(new Date("2026-11-30T10:59:59.999Z"))).toEqual(new Date("2026-11-30T10:00:00Z"));
  });

  it("computes uptime as the share of passed checks, and none without checks", () => {
    expect(uptimeOf([{ checks: 5, failures: 3 }])).toBe(40);
    expect(uptimeOf([{ checks: 2, failures: 0 }, { checks: 1, failures: 1 }])).toBe(66.7);
    expect(uptimeOf([])).toBeNull();
  });

  it("summarizes 24 hourly and 30 daily buckets, oldest first, with the mean response time", () => {
    const rows = [hour("2026-11-30T10:00:00Z", 4, 1, 1000), hour("2026-11-30T09:00:00Z", 12, 0), hour("2026-11-29T09:00:00Z", 12, 12), hour("2026-11-01T09:00:00Z", 12, 0)];
    const s = summarizeHealth(rows, now);
    expect(s.hours).toHaveLength(24);
    expect(s.hours.at(-1)).toEqual({ start: "2026-11-30T10:00:00.000Z", checks: 4, uptime: 75, meanResponseMs: 250 });
    expect(s.hours.at(-2)).toMatchObject({ start: "2026-11-30T09:00:00.000Z", uptime: 100 });
    expect(s.hours[0]).toEqual({ start: "2026-11-29T11:00:00.000Z", checks: 0, uptime: null, meanResponseMs: null });
    // The day-old hour (09:00 yesterday) is outside the last 24 hours, inside the 30 days.
    expect(s.uptime24h).toBe(93.8);
    expect(s.days).toHaveLength(30);
    expect(s.days.at(-1)).toMatchObject({ start: "2026-11-30T00:00:00.000Z", checks: 16 });
    expect(s.days.at(-2)).toMatchObject({ start: "2026-11-29T00:00:00.000Z", uptime: 0 });
    expect(s.days[0]).toMatchObject({ start: "2026-11-01T00:00:00.000Z", uptime: 100 });
    expect(s.uptime30d).toBe(67.5);
  });
});
