import { describe, expect, it } from "vitest";
import { versionLabel, versionSummary, withVersion } from "./versions";
import type { PlatformSettings } from "./values";

const chartDefaults = {
  images: { wordpress: { repository: "docker.io/library/wordpress", tag: "6.9.7-php8.2-apache" } },
  woocommerce: { version: "10.2.4" },
};

describe("fleet versions", () => {
  it("say what they run: the chart, the WordPress image under the base values, and WooCommerce", () => {
    const summary = versionSummary("0.5.0", chartDefaults, { images: { wordpress: { repository: "storefleet/wordpress", tag: "local" } } }, null);
    expect(summary).toEqual({ chart: "0.5.0", wordpressImage: "storefleet/wordpress:local", woocommerce: "10.2.4" });
    expect(versionSummary("0.5.0", chartDefaults, {}, "10.3.0").woocommerce).toBe("10.3.0");
    expect(versionLabel(summary, "3f9a1c2ab")).toBe("chart 0.5.0 · storefleet/wordpress:local · WooCommerce 10.2.4 · 3f9a1c2");
  });

  it("render stores with their own base values and WooCommerce, not the worker's", () => {
    const settings = { baseValues: { a: 1 }, WOOCOMMERCE_VERSION: "10.2.4", STORE_BASE_DOMAIN: "x" } as unknown as PlatformSettings;
    expect(withVersion(settings, { baseValues: { b: 2 }, woocommerceVersion: null })).toMatchObject({ baseValues: { b: 2 }, WOOCOMMERCE_VERSION: undefined, STORE_BASE_DOMAIN: "x" });
  });
});
