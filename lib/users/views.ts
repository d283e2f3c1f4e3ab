// What the API shows of an account: the response shapes of /api/v1/users and the source of their
// OpenAPI schemas. Never a password hash or an OIDC subject.
import { z } from "zod";

export const userSummaryViewSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "member"]),
    disabled: z.boolean(),
    storeQuota: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "User" });

export const userListEntryViewSchema = userSummaryViewSchema
  .extend({
    storeCount: z.number().int().meta({ description: "Stores that are not deleted" }),
    activeTokenCount: z.number().int().meta({ description: "API tokens neither revoked nor expired" }),
  })
  .meta({ id: "UserListEntry" });
