import { findPeriod, memberOf, type Bloc } from '../../model/bloc.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { Credential, CredentialStore } from '../../store/credential-port.js';
import { safeFileName } from '../../store/keys.js';
import type { BlobStore, SubmissionStore, VersionRecord } from '../../store/ports.js';
import { MAX_UPLOAD_BYTES } from '../limits.js';
import type { BlocCatalog, LinkSigner, PresignedPost, RecomputeQueue } from '../ports.js';
import { CREDENTIAL_METADATA, uploadPrefix } from '../uploads.js';
import { endOfDay } from '../../text/local-time.js';

/**
 * The links service: short-lived presigned links instead of bucket access. A member gets an upload
 * link that can only write under its own unit's prefix, and links to its own reports; the lead gets
 * links to the latest summary and manages member credentials.
 */
export interface LinksDeps {
  store: SubmissionStore;
  credentials: CredentialStore;
  catalog: BlocCatalog;
  links: LinkSigner;
  /** For the web pages' routes (use-cases/pages.ts): reports, rankings, and "recompute now". */
  blobs?: BlobStore;
  queue?: RecomputeQueue;
  /** Lifetime of download links (default 15 minutes). */
  linkSeconds?: number;
  /** Lifetime of upload links (default 5 minutes): a link outlives a revocation of its credential by at most this, and ingest refuses it anyway. */
  uploadLinkSeconds?: number;
  now?: () => Date;
}

export class LinkError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

const seconds = (d: LinksDeps) => d.linkSeconds ?? 900;
export const UPLOAD_LINK_SECONDS = 300;
const uploadSeconds = (d: LinksDeps) => d.uploadLinkSeconds ?? UPLOAD_LINK_SECONDS;
const now = (d: LinksDeps) => d.now?.() ?? new Date();
const expiry = (d: LinksDeps) => new Date(now(d).getTime() + seconds(d) * 1000).toISOString();

const blocOf = async (d: LinksDeps, who: Credential): Promise<Bloc> => d.catalog.load(who.bloc);

export const periodOf = (bloc: Bloc, period: unknown): string => {
  if (typeof period !== 'string' || !findPeriod(bloc, period))
    throw new LinkError(400, `"period" phải là một trong: ${bloc.periods.map((p) => p.id).join(', ')}`);
  return period;
};

const requireLead = (who: Credential) => {
  if (who.role !== 'lead') throw new LinkError(403, 'chỉ trưởng khối được dùng chức năng này');
};

const getLink = (d: LinksDeps, key: string, fileName?: string) => d.links.downloadUrl(key, { expiresInSeconds: seconds(d), ...(fileName && { fileName }) });

export interface UploadLink extends PresignedPost {
  key: string;
  maxBytes: number;
}

/**
 * A presigned POST for the credential's own unit: key under uploads/<bloc>/<year>/<period>/<unit>/,
 * at most 10 MB, for 5 minutes, carrying the credential's id as `x-amz-meta-credential` (the policy
 * requires it exactly), so that ingest can refuse the upload if the credential is revoked meanwhile.
 */
export const uploadLink = async (d: LinksDeps, who: Credential, input: { period?: unknown; file?: unknown }): Promise<UploadLink> => {
  const bloc = await blocOf(d, who);
  const period = periodOf(bloc, input.period);
  if (!memberOf(bloc, who.unit)) throw new LinkError(403, `đơn vị ${who.unit} không còn là thành viên của khối`);
  const prefix = uploadPrefix({ bloc: bloc.id, year: bloc.year, period, unit: who.unit });
  const file = typeof input.file === 'string' && input.file.trim() ? safeFileName(input.file.trim()) : undefined;
  const post = await d.links.uploadForm({
    key: `${prefix}${file ?? '${filename}'}`,
    keyPrefix: prefix,
    maxBytes: MAX_UPLOAD_BYTES,
    expiresInSeconds: uploadSeconds(d),
    now: now(d),
    metadata: { [CREDENTIAL_METADATA]: who.id },
  });
  return { ...post, key: post.fields['key']!, maxBytes: MAX_UPLOAD_BYTES };
};

export interface SummaryLink {
  bloc: string;
  year: number;
  period: string;
  runId: string;
  generatedAt: string;
  summary: string;
  rankings: string;
  expiresAt: string;
}

/** Presigned GETs for the latest summary workbook and rankings.json of a period (lead only). */
export const summaryLink = async (d: LinksDeps, who: Credential, input: { period?: unknown }): Promise<SummaryLink> => {
  requireLead(who);
  const bloc = await blocOf(d, who);
  const period = periodOf(bloc, input.period);
  const run = await d.store.latestRun(periodKey(bloc, period));
  if (!run) throw new LinkError(404, `đợt ${period} chưa có bảng tổng hợp`);
  const base = `tong-hop-${bloc.id}-${bloc.year}-${period}`;
  return {
    bloc: bloc.id,
    year: bloc.year,
    period,
    runId: run.runId,
    generatedAt: run.generatedAt,
    summary: await getLink(d, run.summaryKey, `${base}.xlsx`),
    rankings: await getLink(d, run.rankingsKey, `${base}.json`),
    expiresAt: expiry(d),
  };
};

export interface ReportLink extends Pick<VersionRecord, 'uploadId' | 'file' | 'receivedAt' | 'status' | 'errors' | 'warnings' | 'late'> {
  report: string;
  annotated?: string;
  /** The unit's Google Sheet, for a version pulled from one. */
  sheet?: string;
}

/** The credential's unit's latest versions in a period (newest first) with links to their reports. */
export const reportLinks = async (d: LinksDeps, who: Credential, input: { period?: unknown; limit?: number }) => {
  const bloc = await blocOf(d, who);
  const period = periodOf(bloc, input.period);
  const versions = (await d.store.versions(periodKey(bloc, period)))
    .filter((v) => v.unit === who.unit)
    .sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1))
    .slice(0, input.limit ?? 10);
  const reports: ReportLink[] = [];
  for (const v of versions)
    reports.push({
      uploadId: v.uploadId,
      file: v.file,
      receivedAt: v.receivedAt,
      status: v.status,
      errors: v.errors,
      warnings: v.warnings,
      late: v.late,
      report: await getLink(d, v.reportKey),
      ...(v.annotatedKey && { annotated: await getLink(d, v.annotatedKey, `${v.file.replace(/\.xlsx$/i, '')}.annotated.xlsx`) }),
      ...(v.source && { sheet: v.source.url }),
    });
  return { unit: who.unit, period, reports, expiresAt: expiry(d) };
};

/** Lifetime of a credential issued after its bloc year has ended (late corrections, a configuration not yet moved on). */
export const LATE_CREDENTIAL_DAYS = 30;

/**
 * The default expiry of a credential: the end of the bloc year, or of the last period's deadline day
 * if later (bloc time); once that has passed, LATE_CREDENTIAL_DAYS from `now`.
 */
export const defaultCredentialExpiry = (bloc: Bloc, now: Date): Date => {
  const end = Math.max(
    endOfDay(`${bloc.year}-12-31`, bloc.timezone).getTime(),
    ...bloc.periods.map((p) => endOfDay(p.deadline.slice(0, 10), bloc.timezone).getTime()),
  );
  return new Date(end > now.getTime() ? end : now.getTime() + LATE_CREDENTIAL_DAYS * 86_400_000);
};

/** The expiry the lead asked for (ISO instant, in the future), else the default. */
const expiryOf = (d: LinksDeps, bloc: Bloc, input: unknown): string => {
  if (input === undefined || input === null || input === '') return defaultCredentialExpiry(bloc, now(d)).toISOString();
  const at = typeof input === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(input) ? Date.parse(input) : NaN;
  if (Number.isNaN(at)) throw new LinkError(400, '"expiresAt" phải là một thời điểm ISO 8601, ví dụ "2025-12-31T23:59:59+07:00"');
  if (at <= now(d).getTime()) throw new LinkError(400, '"expiresAt" phải ở tương lai');
  return new Date(at).toISOString();
};

/** Lead only: a new member credential for a unit of the bloc, valid until `expiresAt` (default: the end of the bloc year); the token is shown once. */
export const issueMemberCredential = async (d: LinksDeps, who: Credential, input: { unit?: unknown; note?: unknown; expiresAt?: unknown }) => {
  requireLead(who);
  const bloc = await blocOf(d, who);
  if (typeof input.unit !== 'string' || !memberOf(bloc, input.unit)) throw new LinkError(400, '"unit" phải là mã một đơn vị thành viên của khối');
  return d.credentials.issue({
    bloc: bloc.id,
    role: 'member',
    unit: input.unit,
    issuedBy: `${who.role}:${who.id}`,
    expiresAt: expiryOf(d, bloc, input.expiresAt),
    ...(typeof input.note === 'string' && input.note && { note: input.note.slice(0, 200) }),
  });
};

/** Lead only: revokes a member credential of the bloc. */
export const revokeMemberCredential = async (d: LinksDeps, who: Credential, id: string) => {
  requireLead(who);
  const revoked = await d.credentials.revoke(who.bloc, id, `${who.role}:${who.id}`, 'member');
  if (!revoked) throw new LinkError(404, `không có thông tin xác thực thành viên ${id}`);
  return revoked;
};

/** Lead only: every credential of the bloc (hashes never leave the table). */
export const listCredentials = async (d: LinksDeps, who: Credential) => {
  requireLead(who);
  return { credentials: await d.credentials.list(who.bloc) };
};
