import { createHash } from 'node:crypto';
import { isKeySegment, timeSortableId } from '../store/keys.js';

/** One received object version in the uploads bucket (S3 announces it, aws/s3-event.ts). */
export interface UploadedObject {
  bucket: string;
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

/** User metadata of an upload (`x-amz-meta-credential`): the id of the credential that issued its link, required by the link's policy. */
export const CREDENTIAL_METADATA = 'credential';

export const uploadPrefix = (k: Omit<UploadKey, 'file'>): string => `${UPLOADS_ROOT}${k.bloc}/${k.year}/${k.period}/${k.unit}/`;

export const parseUploadKey = (key: string): UploadKey | undefined => {
  if (!key.startsWith(UPLOADS_ROOT)) return undefined;
  const [bloc, year, period, unit, ...rest] = key.slice(UPLOADS_ROOT.length).split('/');
  const file = rest.join('/');
  if (!bloc || !year || !period || !unit || !file || file.endsWith('/')) return undefined;
  if (![bloc, period, unit].every(isKeySegment) || !/^\d{4}$/.test(year)) return undefined;
  return { bloc, year: Number(year), period, unit, file };
};

/**
 * The upload id of an object version: time-sortable by the S3 event time (so the newest upload wins
 * whatever order deliveries arrive in), and the same for every delivery of the same bucket, key and
 * version (so a redelivery is recognised as a duplicate).
 */
export const uploadIdOf = (o: Pick<UploadedObject, 'bucket' | 'key' | 'versionId' | 'eventTime'>): string =>
  timeSortableId(
    o.eventTime,
    createHash('sha256')
      .update(`${o.bucket}\n${o.key}\n${o.versionId ?? ''}`)
      .digest('hex')
      .slice(0, 16),
  );
