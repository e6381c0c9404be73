import * as z from 'zod';
import { isKeySegment } from '../store/keys.js';

/** A request to recompute one bloc period: sent by ingest after a submission, and nightly by the schedule. */
export interface RecomputeRequest {
  bloc: string;
  period: string;
  /** `decision`: a lead's decision, publication or reopening through the links API. */
  reason: 'upload' | 'nightly' | 'manual' | 'decision';
  /** When the request was made (ISO). */
  at: string;
  /** The upload that prompted it, when there is one. */
  uploadId?: string;
}

const segment = z.string().refine(isKeySegment, 'not an id');
const requestSchema = z.object({
  bloc: segment,
  period: segment,
  reason: z.enum(['upload', 'nightly', 'manual', 'decision']).default('manual'),
  at: z.string().default(() => new Date().toISOString()),
  uploadId: z.string().optional(),
});

/** Parses a message body; throws on anything that is not a recompute request. */
export const parseRecomputeRequest = (body: string): RecomputeRequest => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a recompute request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { uploadId, ...rest } = parsed.data;
  return { ...rest, ...(uploadId && { uploadId }) };
};
