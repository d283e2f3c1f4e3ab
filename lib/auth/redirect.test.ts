import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./redirect";

const origin = "https://portal.example.com";

describe("the path followed after sign-in", () => {
  it("keeps paths on the portal", () => {
    expect(safeCallbackPath("/stores/abc?tab=1#x", origin)).toBe("/stores/abc?tab=1#x");
    expect(safeCallbackPath("https://portal.example.com/admin/users", origin)).toBe("/admin/users");
  });

  it("refuses everything a browser would take to another origin", () => {
    for (const raw of ["//evil.example", "/\\evil.example", "/\t/evil.example", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "http://portal.example.com/", "https://portal.example.com.evil.example/"]) {
      expect(safeCallbackPath(raw, origin), JSON.stringify(raw)).toBe("/stores");
    }
  });

  it("falls back when there is nothing to follow", () => {
    expect(safeCallbackPath(undefined, origin)).toBe("/stores");
    expect(safeCallbackPath("", origin, "/")).toBe("/");
  });
});
