import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidBaseValuesError, loadBaseValues, mergeValues } from "./base-values";

const file = (content: string) => {
  const f = path.join(mkdtempSync(path.join(tmpdir(), "base-values-")), "values.yaml");
  writeFileSync(f, content);
  return f;
};

describe("loadBaseValues", () => {
  it("reads a YAML mapping", () => {
    expect(loadBaseValues(file("images:\n  wordpress: {pullPolicy: Never}\n"))).toEqual({ images: { wordpress: { pullPolicy: "Never" } } });
  });
  it("rejects anything that is not a mapping, naming the file", () => {
    for (const bad of ["- a\n- b\n", "just text\n", "a: [unclosed\n"]) {
      const f = file(bad);
      expect(() => loadBaseValues(f)).toThrow(InvalidBaseValuesError);
      expect(() => loadBaseValues(f)).toThrow(f);
    }
  });
  it("rejects a missing file", () => {
    expect(() => loadBaseValues("/nonexistent/values.yaml")).toThrow(InvalidBaseValuesError);
  });
});

describe("mergeValues", () => {
  it("merges mappings deeply; the store's values win; lists are replaced", () => {
    const base = { wordpress: { persistence: { storageClass: "local-path", size: "1Gi" }, tolerations: [{ key: "a" }] }, images: { cli: { tag: "x" } } };
    const store = { wordpress: { persistence: { size: "5Gi" }, tolerations: [{ key: "b" }] }, suspended: false };
    expect(mergeValues(base, store)).toEqual({
      wordpress: { persistence: { storageClass: "local-path", size: "5Gi" }, tolerations: [{ key: "b" }] },
      images: { cli: { tag: "x" } },
      suspended: false,
    });
    expect(base.wordpress.persistence.size).toBe("1Gi");
  });
});
