// What the local test ground says about its real node (scripts/kube/node.sh writes it under
// .storefleet/kube): the settings a worker needs to put stores there, or why there is none.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const kubeState = path.join(fileURLToPath(new URL("../..", import.meta.url)), ".storefleet", "kube");

/** The suite's DNS server (e2e/realstore/dns-server.ts), which the portal asks for TXT proofs. */
export const REALSTORE_DNS_PORT = Number(process.env.REALSTORE_DNS_PORT ?? 5399);
/** Custom domains the suite gives stores end in this; Chromium maps them to this host like store hosts. */
export const CUSTOM_DOMAIN_SUFFIX = "example.test";

export type RealNode = { env: Record<string, string> } | { skip: string };

const firstLine = (file: string) => readFileSync(file, "utf8").split("\n")[0]!.trim();

export function realNodeSettings(): RealNode {
  if (process.env.STOREFLEET_LOCAL_KUBE !== "1") return { skip: "KUBECONFIG names another cluster; the real node is part of the local test ground only" };
  const why = [path.join(kubeState, "real-node.skip"), path.join(kubeState, "node", "store-images.skip")].find(existsSync);
  if (why) return { skip: `no real node for stores: ${firstLine(why)}` };
  const file = path.join(kubeState, "node", "realnode.env");
  if (!existsSync(file)) return { skip: `no real node for stores: ${file} is missing (is the local cluster up?)` };
  const env = Object.fromEntries(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { env };
}
