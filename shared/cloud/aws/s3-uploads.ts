import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { UploadBody, UploadReader } from '../ports.js';
import type { UploadedObject } from '../uploads.js';

/** Uploaded object versions, read from S3. */
export class S3UploadReader implements UploadReader {
  constructor(private readonly s3: S3Client) {}

  /** A larger object (only an administrator can put one: upload links cap the size) is not read whole. */
  async read(o: UploadedObject, limit: number): Promise<UploadBody> {
    const out = await this.s3.send(
      new GetObjectCommand({
        Bucket: o.bucket,
        Key: o.key,
        ...(o.versionId && { VersionId: o.versionId }),
        ...(o.size > limit && { Range: `bytes=0-${limit}` }),
      }),
    );
    // The SDK gives user metadata without the x-amz-meta- prefix; S3 keeps the names in lower case.
    const metadata = Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { bytes: await out.Body!.transformToByteArray(), metadata };
  }
}
