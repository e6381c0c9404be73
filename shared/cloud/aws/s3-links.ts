import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { LinkSigner, PresignedPost } from '../ports.js';
import { presignPost } from './presigned-post.js';

export interface S3LinkBuckets {
  uploadsBucket: string;
  dataBucket: string;
  /** Path-style endpoint of a local S3 emulator; unset in AWS. */
  s3Endpoint?: string;
}

/** Presigned POSTs into the uploads bucket and presigned GETs from the data bucket, signed with the function's own credentials. */
export class S3LinkSigner implements LinkSigner {
  constructor(
    private readonly s3: S3Client,
    private readonly b: S3LinkBuckets,
  ) {}

  async uploadForm(p: Parameters<LinkSigner['uploadForm']>[0]): Promise<PresignedPost> {
    const creds = await this.s3.config.credentials();
    return presignPost({
      bucket: this.b.uploadsBucket,
      region: await this.s3.config.region(),
      credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, ...(creds.sessionToken && { sessionToken: creds.sessionToken }) },
      ...p,
      ...(this.b.s3Endpoint && { endpoint: this.b.s3Endpoint }),
    });
  }

  downloadUrl(key: string, o: { expiresInSeconds: number; fileName?: string }): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.b.dataBucket,
        Key: key,
        ...(o.fileName && { ResponseContentDisposition: `attachment; filename="${o.fileName}"` }),
      }),
      { expiresIn: o.expiresInSeconds },
    );
  }
}
