import type { S3Event } from 'aws-lambda';
import type { UploadedObject } from '../uploads.js';

const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

/**
 * The objects named by an SQS message body holding an S3 event notification (keys arrive
 * URL-encoded, spaces as '+'). The test event S3 sends when notifications are configured
 * (`s3:TestEvent`) names none.
 */
export const uploadedObjects = (body: string): UploadedObject[] => {
  let event: Partial<S3Event> & { Event?: string };
  try {
    event = JSON.parse(body);
  } catch {
    throw new MalformedEventError('message body is not JSON');
  }
  if (event.Event === 's3:TestEvent') return [];
  if (!Array.isArray(event.Records)) throw new MalformedEventError('message body is not an S3 event notification');
  return event.Records.filter((r) => r.eventSource === 'aws:s3' && r.eventName?.startsWith('ObjectCreated:')).map((r) => {
    const eventTime = new Date(r.eventTime);
    if (!r.s3?.bucket?.name || typeof r.s3.object?.key !== 'string' || Number.isNaN(eventTime.getTime()))
      throw new MalformedEventError('S3 record without bucket, key or event time');
    return {
      bucket: r.s3.bucket.name,
      key: decodeKey(r.s3.object.key),
      ...(r.s3.object.versionId && { versionId: r.s3.object.versionId }),
      size: r.s3.object.size ?? 0,
      eventTime,
      eventName: r.eventName,
    };
  });
};
