import { createHash } from 'node:crypto';
import type { S3Event } from 'aws-lambda';
import { timeSortableId } from '../store/keys.js';
import { isKeySegment } from './s3-config.js';

/** One object-created notification, as S3 delivers it (through SQS) to the ingest function. */
export interface UploadedObject {
  bucket: string;
  /** Decoded key (S3 sends it URL-encoded, spaces as '+'). */
  key: string;
  versionId?: string;
  size: number;
  eventTime: Date;
  eventName: string;
}

/** The upload layout: uploads/<bloc>/<year>/<period>/<unit>/<file>. */
export interface UploadKey {
  bloc: string;
  year: number;
  period: string;
  unit: string;
  file: string;
}

export const UPLOADS_ROOT = 'uploads/';

export const uploadPrefix = (k: Omit<UploadKey, 'file'>): string => `${UPLOADS_ROOT}${k.bloc}/${k.year}/${k.period}/${k.unit}/`;

export const parseUploadKey = (key: string): UploadKey | undefined => {
  if (!key.startsWith(UPLOADS_ROOT)) return undefined;
  const [bloc, year, period, unit, ...rest] = key.slice(UPLOADS_ROOT.length).split('/');
  const file = rest.join('/');
  if (!bloc || !year || !period || !unit || !file || file.endsWith('/')) return undefined;
  if (![bloc, period, unit].every(isKeySegment) || !/^\d{4}$/.test(year)) return undefined;
  return { bloc, year: Number(year), period, unit, file };
};

const decodeKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

/**
 * The objects named by an SQS message body holding an S3 event notification. The test event S3
 * sends when notifications are configured (`s3:TestEvent`) names none.
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

/**
 * The upload id of an object version: time-sortable by the S3 event time (so the newest upload wins
 * whatever order deliveries arrive in), and the same for every delivery of the same bucket, key and
 * version (so a redelivery is recognised as a duplicate).
 */
export const uploadIdOf = (o: Pick<UploadedObject, 'bucket' | 'key' | 'versionId' | 'eventTime'>): string =>
  timeSortableId(o.eventTime, createHash('sha256').update(`${o.bucket}\n${o.key}\n${o.versionId ?? ''}`).digest('hex').slice(0, 16));
