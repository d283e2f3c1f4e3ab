// The client's IP address, for the audit log and throttling. The portal's server (server.ts)
// appends the socket's peer to X-Forwarded-For, so the last entry is always the address that
// really connected. Entries further left were written by whoever connected, so they are believed
// only while the hop that reported them is a configured trusted proxy (TRUSTED_PROXIES).
import { BlockList, isIP } from "node:net";

export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) is 192.0.2.1. */
function normalize(entry: string): string {
  const address = entry.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

function isTrusted(address: string, trusted: BlockList): boolean {
  return trusted.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** Walks X-Forwarded-For from the right (the socket's peer) past trusted proxies; the first
 * address not trusted is the client. Null when there is no usable address at all. */
export function clientAddress(forwardedFor: string | null, trusted: BlockList): string | null {
  const hops = (forwardedFor ?? "").split(",").map(normalize);
  let client: string | null = null;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    // A hop that is not an address was forged or garbled: the last good hop is the best we know.
    if (!isIP(hop)) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return client;
  }
  return client;
}
