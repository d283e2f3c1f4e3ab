// The client address of an incoming request, with the configured trusted proxies.
import type { BlockList } from "node:net";
import { env } from "@/lib/config/env";
import { clientAddress, trustedProxies } from "@/lib/http/client-address";

let trusted: BlockList | undefined;

export function requestClientAddress(headers: Pick<Headers, "get">): string | null {
  trusted ??= trustedProxies(env().TRUSTED_PROXIES);
  return clientAddress(headers.get("x-forwarded-for"), trusted);
}
