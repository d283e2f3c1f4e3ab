import { describe, expect, it } from "vitest";
import { cloneSizeRefusal, compareStorage, expansionRefusal, resizeRefusal, storageToGrow, volumeStorageOf } from "./storage";

const SIZES = {
  tiny: { label: "Tiny", cpu: "400m", memory: "512Mi", storage: "2Gi" },
  small: { label: "Small", cpu: "1", memory: "1Gi", storage: "5Gi" },
  // The same storage as small, written in Mi: equal by value.
  wide: { label: "Wide", cpu: "2", memory: "2Gi", storage: "5120Mi" },
  medium: { label: "Medium", cpu: "2", memory: "2Gi", storage: "20Gi" },
};

describe("compareStorage", () => {
  it("compares by value, not by text", () => {
    expect(compareStorage("1Gi", "1024Mi")).toBe(0);
    expect(compareStorage("2Gi", "1025Mi")).toBe(1);
    expect(compareStorage("1Ti", "1025Gi")).toBe(-1);
    expect(compareStorage("5Gi", "20Gi")).toBe(-1);
  });
  it("refuses what is not a quantity", () => {
    expect(() => compareStorage("5 GB", "1Gi")).toThrow(/not a storage quantity: 5 GB/);
  });
});

describe("resizeRefusal", () => {
  const store = (size: string, volumeStorage: string | null = null) => ({ size, volumeStorage });
  it("accepts a size with as much storage or more", () => {
    expect(resizeRefusal(store("tiny"), "small", SIZES)).toBeNull();
    expect(resizeRefusal(store("small"), "wide", SIZES)).toBeNull();
    expect(resizeRefusal(store("wide"), "small", SIZES)).toBeNull();
  });
  it("refuses the same size and an unknown one", () => {
    expect(resizeRefusal(store("small"), "small", SIZES)).toBe("The store is already Small");
    expect(resizeRefusal(store("small"), "jumbo", SIZES)).toBe("Choose a size: tiny, small, wide, medium");
  });
  it("refuses to shrink storage, counting volumes that are larger than the preset", () => {
    expect(resizeRefusal(store("small"), "tiny", SIZES)).toBe("storage cannot shrink from 5Gi to 2Gi");
    expect(resizeRefusal(store("small", "20Gi"), "wide", SIZES)).toBe("storage cannot shrink from 20Gi to 5120Mi");
    expect(resizeRefusal(store("gone", "5Gi"), "tiny", SIZES)).toBe("storage cannot shrink from 5Gi to 2Gi");
  });
  it("refuses when nothing says how much storage the store has", () => {
    expect(resizeRefusal(store("gone"), "tiny", SIZES)).toMatch(/no longer configured/);
  });
});

describe("volumes", () => {
  const state = (size: string, volumeStorage: string | null, volumeNote: string | null = null) => ({ size, volumeStorage, volumeNote });
  it("takes the preset's storage for a row from before resizing", () => {
    expect(volumeStorageOf(state("small", null), SIZES)).toBe("5Gi");
    expect(volumeStorageOf(state("small", "2Gi"), SIZES)).toBe("2Gi");
    expect(volumeStorageOf(state("gone", null), SIZES)).toBeNull();
  });
  it("grows only towards more storage, and not again once found impossible", () => {
    expect(storageToGrow(state("medium", "5Gi"), SIZES)).toBe("20Gi");
    expect(storageToGrow(state("wide", "5Gi"), SIZES)).toBeNull();
    expect(storageToGrow(state("medium", null), SIZES)).toBeNull();
    expect(storageToGrow(state("medium", "5Gi", "The StorageClass x does not allow volume expansion; the volumes stay 5Gi"), SIZES)).toBeNull();
  });
  it("names the first claim that cannot be expanded", () => {
    const claims = [
      { name: "a", storageClass: "standard", bound: true },
      { name: "b", storageClass: "local-path", bound: true },
    ];
    const expandable = (c: string) => c === "standard";
    expect(expansionRefusal(claims.slice(0, 1), expandable, "2Gi")).toBeNull();
    expect(expansionRefusal(claims, expandable, "2Gi")).toBe("The StorageClass local-path does not allow volume expansion; the volumes stay 2Gi");
    expect(expansionRefusal([{ name: "c", storageClass: null, bound: true }], expandable, "2Gi")).toMatch(/^The volume c has no StorageClass/);
    expect(expansionRefusal([{ name: "d", storageClass: "standard", bound: false }], expandable, "2Gi")).toMatch(/^The volume d is not bound yet/);
  });
});

describe("cloneSizeRefusal", () => {
  it("gives a clone at least the storage the source's volumes have, by value", () => {
    const source = { size: "small", volumeStorage: "5Gi" };
    expect(cloneSizeRefusal(source, "small", SIZES)).toBeNull();
    expect(cloneSizeRefusal(source, "wide", SIZES)).toBeNull();
    expect(cloneSizeRefusal(source, "medium", SIZES)).toBeNull();
    expect(cloneSizeRefusal(source, "tiny", SIZES)).toBe("A clone needs at least the source's storage (5Gi); Tiny has 2Gi");
    // Volumes that grew past their preset (or a row from before resizing existed) count as they are.
    expect(cloneSizeRefusal({ size: "small", volumeStorage: "20Gi" }, "small", SIZES)).toBe("A clone needs at least the source's storage (20Gi); Small has 5Gi");
    expect(cloneSizeRefusal({ size: "small", volumeStorage: null }, "tiny", SIZES)).toBe("A clone needs at least the source's storage (5Gi); Tiny has 2Gi");
    expect(cloneSizeRefusal(source, "huge", SIZES)).toBe("Choose a size: tiny, small, wide, medium");
  });
});
