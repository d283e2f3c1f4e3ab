import { describe, expect, it } from "vitest";
import { chartValues, cpuMillis, mebibytes, sizeResources, storeSpec, UnknownSizeError } from "./values";

const settings = {
  STORE_BASE_DOMAIN: "stores.example.com",
  STORE_URL_SCHEME: "https" as const,
  STORE_SIZES: { small: { label: "Small", cpu: "1", memory: "1Gi", storage: "5Gi" }, medium: { label: "Medium", cpu: "2", memory: "2Gi", storage: "20Gi" } },
  routeMode: "ingress" as const,
  GATEWAY_NAME: "shared",
  GATEWAY_NAMESPACE: "gateways",
  ROUTER_NAMESPACE: "traffic",
  ROUTER_POD_LABELS: {},
  INGRESS_TLS_SECRET: "wildcard",
};
const spec = { slug: "shop", displayName: "Shop", size: "small", volumeStorage: null as string | null, sampleProducts: false, ownerEmail: "o@example.com", suspended: false };

describe("quantities", () => {
  it("parses cpu and memory", () => {
    expect(cpuMillis("500m")).toBe(500);
    expect(cpuMillis("1.5")).toBe(1500);
    expect(mebibytes("2Gi")).toBe(2048);
    expect(mebibytes("1Ti")).toBe(1024 * 1024);
  });
});

describe("sizeResources", () => {
  it("splits a preset inside its quota", () => {
    const r = sizeResources({ label: "S", cpu: "1", memory: "1Gi", storage: "5Gi" });
    expect(r.wordpress.limits).toEqual({ cpu: "500m", memory: "512Mi", "ephemeral-storage": "409Mi" });
    expect(r.mariadb.limits).toEqual({ cpu: "400m", memory: "409Mi", "ephemeral-storage": "409Mi" });
    expect(r.wordpress.requests).toEqual({ cpu: "125m", memory: "128Mi", "ephemeral-storage": "102Mi" });
    expect(r.wordpressStorage).toBe("2560Mi");
    expect(r.mariadbStorage).toBe("2Gi");
    expect(r.tmpSizeLimit).toBe("256Mi");
    expect(r.quota).toEqual({ cpu: "1", memory: "1Gi", storage: "5Gi", ephemeralStorage: "1Gi" });
    expect(cpuMillis(r.wordpress.limits.cpu) + cpuMillis(r.mariadb.limits.cpu)).toBeLessThanOrEqual(1000);
  });
  it("bounds node disk from the preset's storage: 1 Gi at least, 10 Gi at most, a fifth between", () => {
    const quota = (storage: string) => sizeResources({ label: "S", cpu: "1", memory: "1Gi", storage }).quota.ephemeralStorage;
    expect([quota("2Gi"), quota("20Gi"), quota("500Gi")]).toEqual(["1Gi", "4Gi", "10Gi"]);
    const r = sizeResources({ label: "M", cpu: "2", memory: "2Gi", storage: "20Gi" });
    const limits = mebibytes(r.wordpress.limits["ephemeral-storage"]) + mebibytes(r.mariadb.limits["ephemeral-storage"]);
    expect(limits).toBeLessThanOrEqual(mebibytes(r.quota.ephemeralStorage));
  });
  it("keeps wp-cli memory below the container limit", () => {
    const r = sizeResources({ label: "T", cpu: "200m", memory: "256Mi", storage: "1Gi" });
    expect(Number.parseInt(r.phpMemoryLimit)).toBeLessThan(128);
  });
  it("passes a zero size through for the chart schema to reject", () => {
    expect(sizeResources({ label: "Z", cpu: "1", memory: "1Gi", storage: "0Gi" }).mariadbStorage).toBe("0Mi");
  });
});

describe("chartValues", () => {
  it("builds the store, route (ingress mode) and tls values", () => {
    const v = chartValues(spec, settings) as any;
    expect(v.store).toEqual({ displayName: "Shop", url: "https://shop.stores.example.com", adminUser: "admin", adminEmail: "o@example.com", sampleProducts: false });
    expect(v.route.mode).toBe("ingress");
    expect(v.route.host).toBe("shop.stores.example.com");
    expect(v.ingress.tls).toEqual({ enabled: true, secretName: "wildcard", clusterIssuer: "" });
    expect(v.networkPolicy.routerPods).toEqual({ namespaceLabels: { "kubernetes.io/metadata.name": "traffic" }, podLabels: {} });
    expect(v.suspended).toBe(false);
    expect(v.woocommerce).toBeUndefined();
  });
  it("attaches the route to the configured Gateway, which holds the TLS certificate, in gateway mode", () => {
    const v = chartValues(spec, { ...settings, routeMode: "gateway", GATEWAY_LISTENER: "websecure", ROUTER_POD_LABELS: { app: "proxy" } }) as any;
    expect(v.route).toEqual({ mode: "gateway", host: "shop.stores.example.com", gateway: { parentRefs: [{ name: "shared", namespace: "gateways", sectionName: "websecure" }] } });
    expect(v.ingress.tls.enabled).toBe(false);
    expect(v.networkPolicy.routerPods.podLabels).toEqual({ app: "proxy" });
  });
  it("routes the store's verified custom domains too, sorted, and leaves values unchanged without any", () => {
    const withDomains = storeSpec({ slug: "shop", displayName: "Shop", size: "small", volumeStorage: null, sampleProducts: false, extraHosts: ["www.shop.example", "shop.example"] }, "o@example.com", "present");
    expect((chartValues(withDomains, settings) as any).route.extraHosts).toEqual(["shop.example", "www.shop.example"]);
    const none = storeSpec({ slug: "shop", displayName: "Shop", size: "small", volumeStorage: null, sampleProducts: false, extraHosts: [] }, "o@example.com", "present");
    expect((chartValues(none, settings) as any).route).not.toHaveProperty("extraHosts");
  });
  it("asks for the sample catalogue when the store was created with it", () => {
    expect((chartValues({ ...spec, sampleProducts: true }, settings) as any).store.sampleProducts).toBe(true);
  });
  it("reads a store row into a spec", () => {
    expect(storeSpec({ slug: "shop", displayName: "Shop", size: "small", volumeStorage: null, sampleProducts: true }, "o@example.com", "suspended")).toEqual({ ...spec, sampleProducts: true, suspended: true });
  });
  it("sizes the volumes from volumeStorage, and the quota and resources from the preset", () => {
    const grown = chartValues({ ...spec, size: "medium" }, settings) as any;
    const kept = chartValues({ ...spec, size: "medium", volumeStorage: "5Gi" }, settings) as any;
    expect(grown.quota.storage).toBe("20Gi");
    expect(kept.quota.storage).toBe("20Gi");
    expect(kept.wordpress.resources).toEqual(grown.wordpress.resources);
    expect([grown.wordpress.persistence.size, grown.mariadb.persistence.size]).toEqual(["10Gi", "8Gi"]);
    expect([kept.wordpress.persistence.size, kept.mariadb.persistence.size]).toEqual(["2560Mi", "2Gi"]);
  });
  it("pins WooCommerce when configured", () => {
    expect((chartValues(spec, { ...settings, WOOCOMMERCE_VERSION: "9.9.9" }) as any).woocommerce).toEqual({ version: "9.9.9" });
  });
  it("rejects an unknown size", () => {
    expect(() => chartValues({ ...spec, size: "huge" }, settings)).toThrow(UnknownSizeError);
  });
  it("contains no password-like values", () => {
    expect(JSON.stringify(chartValues(spec, settings))).not.toMatch(/password/i);
  });
  it("puts the operator's base values under the store's and publishes the URL port", () => {
    const baseValues = { images: { wordpress: { pullPolicy: "Never" } }, wordpress: { persistence: { storageClass: "local-path", size: "1Gi" } } };
    const v = chartValues(spec, { ...settings, STORE_URL_PORT: 9080, baseValues }) as any;
    expect(v.images).toEqual({ wordpress: { pullPolicy: "Never" } });
    expect(v.wordpress.persistence).toEqual({ storageClass: "local-path", size: "2560Mi" });
    expect(v.store.url).toBe("https://shop.stores.example.com:9080");
    expect(v.route.host).toBe("shop.stores.example.com");
  });
});
