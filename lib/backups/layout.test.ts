import { describe, expect, it } from "vitest";
import { backupPrefix, parseManifest } from "./layout";

const prefix = backupPrefix("shop-1", "b1");
const good = {
  store: "shop-1",
  backup: "b1",
  createdAt: "2026-11-29T12:00:00Z",
  versions: { wordpress: "6.9.7", mariadb: "11.4" },
  objects: {
    database: { key: `${prefix}db.sql.gz`, bytes: 45875, sha256: "a".repeat(64) },
    files: { key: `${prefix}wp-content.tar.gz`, bytes: 28719104, sha256: "b".repeat(64) },
  },
};
const expected = { store: "shop-1", backup: "b1", prefix };

describe("a backup's manifest", () => {
  it("is read when it names this backup's objects with sizes and checksums", () => {
    expect(prefix).toBe("stores/shop-1/b1/");
    expect(parseManifest(JSON.stringify(good), expected)).toEqual(good);
  });

  it("is refused with the reason otherwise", () => {
    expect(parseManifest("{", expected)).toBe("the manifest is not JSON");
    expect(parseManifest(JSON.stringify({ ...good, backup: "b2" }), expected)).toBe("the manifest names another store or backup");
    const noSum = { ...good, objects: { ...good.objects, files: { ...good.objects.files, sha256: "" } } };
    expect(parseManifest(JSON.stringify(noSum), expected)).toBe("the manifest lacks an object's key, size or checksum");
    const elsewhere = { ...good, objects: { ...good.objects, database: { ...good.objects.database, key: "stores/other/b1/db.sql.gz" } } };
    expect(parseManifest(JSON.stringify(elsewhere), expected)).toBe("the manifest's objects are outside the backup");
  });
});
