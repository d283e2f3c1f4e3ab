// Input schemas for stores, shared by the create form, server actions, the REST API (and its
// OpenAPI document) and tests.
import { z } from "zod";
import type { SizePreset } from "@/lib/config/env";
import { STORE_PHASES } from "@/lib/stores/lifecycle";
import { storeDisplayNameSchema, storeNameSchema } from "@/lib/stores/naming";
import { pageSchema, recordIdSchema } from "@/lib/validation";

function sizeSchema(sizes: Record<string, SizePreset>) {
  const names = Object.keys(sizes);
  return z.enum(names as [string, ...string[]], { error: `Choose a size: ${names.join(", ")}` });
}

export function createStoreSchema(sizes: Record<string, SizePreset>) {
  return z.object({
    name: storeNameSchema,
    // Empty means "use the name".
    displayName: storeDisplayNameSchema.optional().transform((v) => v || undefined),
    size: sizeSchema(sizes),
    // "Start with sample products": WooCommerce's own sample catalogue, imported once.
    sampleProducts: z.boolean({ error: "sampleProducts must be true or false" }).default(false),
  });
}

/** A new store from a backup of another: a name of its own; the source's size unless one is chosen. */
export function cloneStoreSchema(sizes: Record<string, SizePreset>) {
  const { name, displayName, size } = createStoreSchema(sizes).shape;
  return z.object({ name, displayName, size: size.optional() });
}

/** A new size preset for an existing store (the storage rules are lib/stores/storage.ts's). */
export function resizeStoreSchema(sizes: Record<string, SizePreset>) {
  return z.object({ size: sizeSchema(sizes) });
}

export const listStoresQuerySchema = z.object({
  phase: z.enum(STORE_PHASES).optional(),
  ownerId: recordIdSchema.optional(),
  page: pageSchema,
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
