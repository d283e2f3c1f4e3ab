// The rules of custom domains, in one place: which host names a store may claim, the DNS records
// its owner creates, and where the proof is looked up. Pure, so each rule is unit-tested.
import { z } from "zod";

/** At most this many custom domains per store. */
export const MAX_DOMAINS_PER_STORE = 5;
/** The TXT record that proves a host is its owner's: `_storefleet-challenge.<host>`. */
export const CHALLENGE_LABEL = "_storefleet-challenge";

/** A lower-case DNS name of two labels or more whose last label is a top-level domain's: letters,
 * or an internationalized one's punycode (xn--...); so never an IP address. */
export const HOST_PATTERN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A host a store may claim: a host name as above, never the platform's own domain or a name
 * under it, nor the portal's host. Case and spaces are the form's to forgive, not the API's. */
export function hostSchema(platform: { baseDomain: string; portalHost: string }) {
  return z
    .string({ error: "Enter a host name such as shop.example.com" })
    .max(253, "A host name has at most 253 characters")
    .regex(HOST_PATTERN, "Enter a host name such as shop.example.com (lower-case letters, digits and hyphens, no scheme, port or path)")
    .refine((h) => h !== platform.baseDomain && !h.endsWith(`.${platform.baseDomain}`), `Names under ${platform.baseDomain} are the platform's own`)
    .refine((h) => h !== platform.portalHost, "That is the portal's own host name");
}

export const addDomainSchema = (platform: { baseDomain: string; portalHost: string }) => z.object({ host: hostSchema(platform) });

export interface DnsRecord {
  type: "TXT" | "CNAME";
  name: string;
  value: string;
  purpose: string;
}

/** What the owner creates at their DNS provider: the proof, and the record that sends shoppers. */
export function dnsRecords(host: string, token: string, platformHost: string): DnsRecord[] {
  return [
    { type: "TXT", name: `${CHALLENGE_LABEL}.${host}`, value: token, purpose: "proves the domain is yours; keep it while the domain is in use" },
    { type: "CNAME", name: host, value: platformHost, purpose: `sends shoppers to the store (for a domain's apex, an ALIAS or A record to ${platformHost}'s address)` },
  ];
}

/** Whether the TXT records found (each a list of strings, as DNS splits long values) hold the token. */
export function provesOwnership(records: string[][], token: string): boolean {
  return records.some((chunks) => chunks.join("").trim() === token);
}
