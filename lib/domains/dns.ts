// TXT look-ups for domain verification. DOMAIN_DNS_SERVERS (comma-separated "address[:port]")
// names the resolvers to ask; unset, the system's. Tests give the domain functions a look-up of
// their own instead (lib/domains/service.ts, `TxtLookup`).
import { Resolver } from "node:dns/promises";

export type TxtLookup = (name: string) => Promise<string[][]>;

/** DNS answers that mean "no such record (yet)", as opposed to a resolver that failed. */
const NO_RECORD = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN"]);

export function isNoRecord(error: unknown): boolean {
  return NO_RECORD.has(String((error as { code?: unknown })?.code ?? ""));
}

export function systemTxtLookup(servers: string[] = []): TxtLookup {
  const resolver = new Resolver({ timeout: 5_000, tries: 2 });
  if (servers.length) resolver.setServers(servers);
  return (name) => resolver.resolveTxt(name);
}
