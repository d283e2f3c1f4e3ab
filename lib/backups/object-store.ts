// The object store, as the worker uses it: read a backup's manifest, and delete a backup's
// objects (a failed backup's partial upload, or one that retention expires). The data itself
// never passes through here: the backup Job streams it from inside the cluster.
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from "@aws-sdk/client-s3";
import type { ObjectStoreAddress } from "./job";
import { BACKUP_OBJECTS } from "./layout";

export interface ObjectStore {
  /** The manifest's text, or null when the backup has none. */
  readManifest(prefix: string): Promise<string | null>;
  /** Deletes every object under the prefix; returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
}

export function createObjectStore(address: ObjectStoreAddress, keys: { accessKeyId: string; secretAccessKey: string }): ObjectStore {
  // Path-style addressing works with every S3-compatible server (virtual hosts need DNS for each
  // bucket).
  const client = new S3Client({ endpoint: address.endpoint, region: address.region, credentials: keys, forcePathStyle: true });
  const Bucket = address.bucket;
  return {
    async readManifest(prefix) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: `${prefix}${BACKUP_OBJECTS.manifest}` }));
        return (await object.Body?.transformToString("utf8")) ?? null;
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async deletePrefix(prefix) {
      let deleted = 0;
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length) await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
        deleted += keys.length;
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return deleted;
    },
  };
}
