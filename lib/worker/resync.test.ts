import { describe, expect, it } from "vitest";
import { SettledVerdicts } from "./resync";

describe("SettledVerdicts", () => {
  it("gives back a verdict only for the inputs it was computed from", () => {
    const verdicts = new SettledVerdicts();
    verdicts.keep("a", "7 {row}", null);
    verdicts.keep("b", "3 {row}", "not serving");
    expect(verdicts.kept("a", "7 {row}")).toEqual({ inputs: "7 {row}", reason: null });
    expect(verdicts.kept("b", "3 {row}")?.reason).toBe("not serving");
    // The namespace changed (another count), or the row did: computed again.
    expect(verdicts.kept("a", "8 {row}")).toBeUndefined();
    expect(verdicts.kept("b", "3 {row changed}")).toBeUndefined();
    expect(verdicts.kept("c", "1 {row}")).toBeUndefined();
  });

  it("forgets stores that are no longer settled", () => {
    const verdicts = new SettledVerdicts();
    verdicts.keep("a", "1", null);
    verdicts.keep("b", "1", null);
    verdicts.keepOnly(new Set(["b"]));
    expect(verdicts.kept("a", "1")).toBeUndefined();
    expect(verdicts.kept("b", "1")).toBeDefined();
  });
});
