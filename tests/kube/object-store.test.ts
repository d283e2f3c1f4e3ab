// The object store that store backups go to: with the BACKUP_S3_* settings (the local test
// ground's versitygw, scripts/kube/s3.sh, exported by scripts/kube/env.sh; or any S3-compatible
// store), the bucket takes, lists, returns and deletes an object through the S3 API, as the worker
// will use it.
import { randomUUID } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";

const endpoint = process.env.BACKUP_S3_ENDPOINT;
const skipReason = endpoint
  ? undefined
  : "skipped: BACKUP_S3_ENDPOINT is unset (start the local test ground and source scripts/kube/env.sh, or set BACKUP_S3_*)";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset while BACKUP_S3_ENDPOINT is set`);
  return value;
}

describe.skipIf(!!skipReason)(`object store for backups (${skipReason ?? endpoint})`, () => {
  // Built lazily: a skipped suite must not need the other settings.
  const s3 = () =>
    new S3Client({
      endpoint,
      region: process.env.BACKUP_S3_REGION || "us-east-1",
      // Path-style addressing: a bucket name as a host name needs DNS the test ground lacks.
      forcePathStyle: true,
      credentials: {
        accessKeyId: required("BACKUP_S3_ACCESS_KEY_ID"),
        secretAccessKey: required("BACKUP_S3_SECRET_ACCESS_KEY"),
      },
    });
  const bucket = () => required("BACKUP_S3_BUCKET");
  const key = `tests/object-store/${randomUUID()}.txt`;
  let client: S3Client | undefined;

  afterAll(async () => {
    // A failed run must not leave its object behind.
    await client?.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key })).catch(() => undefined);
    client?.destroy();
  });

  it("puts, lists, gets and deletes an object", async () => {
    client = s3();
    const body = `storefleet object-store probe ${new Date().toISOString()}\n`;

    await client.send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: "text/plain" }));

    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: key }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([[key, Buffer.byteLength(body)]]);

    const got = await client.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    expect(await got.Body?.transformToString()).toBe(body);

    await client.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
    const after = await client.send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: key }));
    expect(after.Contents ?? []).toEqual([]);
    await expect(client.send(new GetObjectCommand({ Bucket: bucket(), Key: key }))).rejects.toBeInstanceOf(NoSuchKey);
  });
});
