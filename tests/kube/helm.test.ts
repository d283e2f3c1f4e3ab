// Helm 4 (the `helm` on PATH) installs, upgrades and uninstalls a chart on the cluster.
import { afterAll, describe, expect, it } from "vitest";
import { core, isGone, namespaces, run, uniqueName } from "../support/kube";

const chart = "tests/kube/fixtures/tiny-chart";
const ns = namespaces();
afterAll(() => ns.cleanup());

describe("helm", () => {
  it("is Helm 4", async () => {
    expect(await run("helm", ["version", "--template", "{{.Version}}"])).toMatch(/^v4\./);
  });

  it("installs, upgrades and uninstalls a chart", async () => {
    const namespace = await ns.create("helm");
    const release = uniqueName("tiny").slice(0, 40);
    const configMap = `${release}-settings`;
    const common = ["--namespace", namespace, "--wait", "--timeout", "150s"];

    await run("helm", ["install", release, chart, ...common, "--set", "greeting=hello"]);
    let cm = await core.readNamespacedConfigMap({ name: configMap, namespace });
    expect(cm.data?.greeting).toBe("hello");

    await run("helm", ["upgrade", release, chart, ...common, "--set", "greeting=bonjour"]);
    cm = await core.readNamespacedConfigMap({ name: configMap, namespace });
    expect(cm.data?.greeting).toBe("bonjour");
    const status = JSON.parse(await run("helm", ["status", release, "--namespace", namespace, "-o", "json"]));
    expect(status.version).toBe(2);
    expect(status.info.status).toBe("deployed");

    await run("helm", ["uninstall", release, "--namespace", namespace, "--wait", "--timeout", "150s"]);
    expect(await isGone(() => core.readNamespacedConfigMap({ name: configMap, namespace }))).toBe(true);
    expect(await run("helm", ["list", "--namespace", namespace, "-q"])).not.toContain(release);
  });
});
