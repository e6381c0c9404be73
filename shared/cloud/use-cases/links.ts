import { memberOf, type Bloc } from '../../model/bloc.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { Credential, Role } from '../../store/credential-port.js';
import { safeFileName } from '../../store/keys.js';
import type { VersionRecord } from '../../store/ports.js';
import { MAX_UPLOAD_BYTES } from '../limits.js';
import type { PresignedPost } from '../ports.js';
import { LinkError, nowOf, periodOf, requireLead, type LinksDeps } from './access.js';
import { CREDENTIAL_METADATA, uploadPrefix } from '../uploads.js';
import { endOfDay } from '../../text/local-time.js';

/**
 * The links service: short-lived presigned links instead of bucket access. A member gets an upload
 * link that can only write under its own unit's prefix, and links to its own reports; the lead gets
 * links to the latest summary and manages member and reviewer credentials.
 */
export { LinkError, type LinksDeps } from './access.js';

const seconds = (d: LinksDeps) => d.linkSeconds ?? 900;
export const UPLOAD_LINK_SECONDS = 300;
const uploadSeconds = (d: LinksDeps) => d.uploadLinkSeconds ?? UPLOAD_LINK_SECONDS;
const now = nowOf;
const expiry = (d: LinksDeps) => new Date(now(d).getTime() + seconds(d) * 1000).toISOString();

const blocOf = async (d: LinksDeps, who: Credential): Promise<Bloc> => d.catalog.load(who.bloc);

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

const ISSUABLE: readonly Role[] = ['member', 'reviewer'];

/**
 * Lead only: a new member credential for a unit of the bloc (or, with `role: 'reviewer'`, a credential
 * for that unit acting as cross-reviewer), valid until `expiresAt` (default: the end of the bloc
 * year); the token is shown once. The lead's own unit reviews with the lead's credential.
 */
export const issueMemberCredential = async (d: LinksDeps, who: Credential, input: { unit?: unknown; role?: unknown; note?: unknown; expiresAt?: unknown }) => {
  requireLead(who);
  const bloc = await blocOf(d, who);
  if (typeof input.unit !== 'string' || !memberOf(bloc, input.unit)) throw new LinkError(400, '"unit" phải là mã một đơn vị thành viên của khối');
  const role = input.role ?? 'member';
  if (!ISSUABLE.includes(role as Role)) throw new LinkError(400, '"role" phải là "member" hoặc "reviewer"');
  if (role === 'reviewer' && input.unit === bloc.lead)
    throw new LinkError(400, `${input.unit} là đơn vị trưởng khối: thẩm định bằng thông tin xác thực của trưởng khối, không cần đường dẫn thẩm định`);
  return d.credentials.issue({
    bloc: bloc.id,
    role: role as Role,
    unit: input.unit,
    issuedBy: `${who.role}:${who.id}`,
    expiresAt: expiryOf(d, bloc, input.expiresAt),
    ...(typeof input.note === 'string' && input.note && { note: input.note.slice(0, 200) }),
  });
};

/** Lead only: revokes a member or reviewer credential of the bloc (never a lead's). */
export const revokeMemberCredential = async (d: LinksDeps, who: Credential, id: string) => {
  requireLead(who);
  const found = await d.credentials.find(who.bloc, id);
  const revoked = found && found.role !== 'lead' ? await d.credentials.revoke(who.bloc, id, `${who.role}:${who.id}`, found.role) : undefined;
  if (!revoked) throw new LinkError(404, `không có thông tin xác thực thành viên hoặc thẩm định ${id}`);
  return revoked;
};

/** Lead only: every credential of the bloc (hashes never leave the table). */
export const listCredentials = async (d: LinksDeps, who: Credential) => {
  requireLead(who);
  return { credentials: await d.credentials.list(who.bloc) };
};
