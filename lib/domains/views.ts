// What the portal and the API show of a custom domain: its state and the DNS records to create.
import { z } from "zod";
import type { StoreDomain } from "@/lib/generated/prisma/client";
import { dnsRecords } from "./rules";

export const domainViewSchema = z
  .object({
    id: z.string(),
    host: z.string(),
    verified: z.boolean().meta({ description: "Its TXT proof was found: the store's route serves it" }),
    verifiedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    records: z
      .array(z.object({ type: z.enum(["TXT", "CNAME"]), name: z.string(), value: z.string(), purpose: z.string() }))
      .meta({ description: "The DNS records to create at the domain's DNS provider" }),
  })
  .meta({ id: "StoreDomain" });
export type DomainView = z.infer<typeof domainViewSchema>;

export function toDomainView(d: StoreDomain, platformHost: string): DomainView {
  return {
    id: d.id,
    host: d.host,
    verified: d.verifiedAt !== null,
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    records: dnsRecords(d.host, d.verificationToken, platformHost),
  };
}
