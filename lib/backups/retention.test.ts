import { describe, expect, it } from "vitest";
import { expiredBackups, type RetainedBackup } from "./retention";

const at = (iso: string, id = iso): RetainedBackup => ({ id, finishedAt: new Date(iso) });
const now = new Date("2026-11-29T12:00:00Z"); // a Sunday

describe("retention of scheduled backups", () => {
  it("keeps the newest backup of each of the last 7 days", () => {
    const daily = Array.from({ length: 10 }, (_, i) => at(new Date(now.getTime() - i * 86_400_000).toISOString()));
    const expired = expiredBackups(daily, now, { daily: 7, weekly: 0 });
    expect(expired).toEqual(daily.slice(7).map((b) => b.id));
  });

  it("keeps only the newest of several backups of one day", () => {
    const backups = [at("2026-11-29T01:00:00Z", "early"), at("2026-11-29T09:00:00Z", "late")];
    expect(expiredBackups(backups, now, { daily: 7, weekly: 0 })).toEqual(["early"]);
  });

  it("keeps the newest of each of the last 4 ISO weeks beyond the daily ones", () => {
    const backups = [
      at("2026-11-29T03:00:00Z", "this-sunday"),
      at("2026-11-23T03:00:00Z", "this-monday"), // same ISO week as Sunday the 29th
      at("2026-11-22T03:00:00Z", "last-sunday"),
      at("2026-11-15T03:00:00Z", "two-weeks"),
      at("2026-11-08T03:00:00Z", "three-weeks"),
      at("2026-11-01T03:00:00Z", "four-weeks"),
    ];
    expect(expiredBackups(backups, now, { daily: 0, weekly: 4 }).sort()).toEqual(["four-weeks", "this-monday"]);
  });

  it("a backup kept as a daily or a weekly one is kept", () => {
    const backups = [at("2026-11-29T03:00:00Z", "today"), at("2026-11-28T03:00:00Z", "yesterday"), at("2026-11-20T03:00:00Z", "last-week")];
    expect(expiredBackups(backups, now, { daily: 2, weekly: 2 })).toEqual([]);
    expect(expiredBackups(backups, now, { daily: 1, weekly: 1 }).sort()).toEqual(["last-week", "yesterday"]);
  });

  it("keeps nothing when both counts are 0, and everything is expired", () => {
    expect(expiredBackups([at("2026-11-29T03:00:00Z", "a")], now, { daily: 0, weekly: 0 })).toEqual(["a"]);
  });
});
