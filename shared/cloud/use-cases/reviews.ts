import { latestRunFlags } from '../../insight/period.js';
import { memberOf, reviewRoleOf, type Bloc, type Period } from '../../model/bloc.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { ReviewReport } from '../../pipeline/ingest-reviews.js';
import { decodeValues } from '../../store/codec.js';
import type { Credential } from '../../store/credential-port.js';
import type { ReviewVersionRecord } from '../../store/ledger-port.js';
import type { PeriodKey } from '../../store/ports.js';
import { buildReviewWorkbook, reviewableUnits } from '../../workbooks/review/review-workbook.js';
import { LinkError, need, periodConfig, periodOf, type LinksDeps } from './access.js';

/**
 * The review side of the links API (SPEC §10): which units a credential may review, its review
 * workbook, and a reviewer's own review uploads with their reports. A reviewer credential speaks for
 * a member unit acting as cross-reviewer: its scope is the period's `reviewers[unit]`; the lead may
 * review every other member.
 */
export const reviewScope = (bloc: Bloc, period: Period, who: Pick<Credential, 'role' | 'unit'>): string[] => {
  if (who.role === 'lead') return reviewableUnits(bloc, period, bloc.lead);
  if (who.role !== 'reviewer') return [];
  return bloc.groups.flatMap((g) => g.members.map((m) => m.code)).filter((u) => reviewRoleOf(bloc, period, who.unit, u) === 'assigned');
};

/** `GET /me`'s `reviews`: period id → the units this credential may review; none for a member. */
export const reviewsOf = (bloc: Bloc, who: Credential): Record<string, string[]> | undefined =>
  who.role === 'member' ? undefined : Object.fromEntries(bloc.periods.map((p) => [p.id, reviewScope(bloc, p, who)]));

/** The reviewer code a request speaks for: a reviewer's own unit; the lead's own unit unless it names another reviewer. */
const reviewerOf = (bloc: Bloc, who: Credential, asked: unknown): string => {
  if (who.role === 'member') throw new LinkError(403, 'chỉ trưởng khối và đơn vị thẩm định được dùng chức năng này');
  const wanted = typeof asked === 'string' && asked ? asked : who.unit;
  if (who.role === 'reviewer' && wanted !== who.unit) throw new LinkError(403, `đường dẫn thẩm định này là của ${who.unit}, không phải của ${wanted}`);
  if (!memberOf(bloc, wanted)) throw new LinkError(400, `"reviewer": ${wanted} không phải đơn vị thành viên của khối`);
  return wanted;
};

/** `GET /review-template`: the review workbook (base64) of the units the reviewer may review that have an accepted version. */
export const reviewTemplate = async (d: LinksDeps, who: Credential, input: { period?: unknown; reviewer?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const reviewer = reviewerOf(bloc, who, input.reviewer);
  const p = periodConfig(bloc, period);
  const units = reviewScope(bloc, p, { role: reviewer === bloc.lead ? 'lead' : 'reviewer', unit: reviewer });
  if (!units.length) throw new LinkError(404, `${reviewer} không được phân công thẩm định đơn vị nào trong đợt ${period}`);
  const key = periodKey(bloc, period);
  const [state, flags] = await Promise.all([d.store.state(key), latestRunFlags({ store: d.store, blobs: need(d.blobs, 'data store') }, key)]);
  const current = state.current
    .filter((c) => units.includes(c.unit))
    .map((c) => ({ unit: c.unit, uploadId: c.uploadId, receivedAt: c.receivedAt, values: decodeValues(c.values) }));
  if (!current.length)
    throw new LinkError(
      404,
      `chưa có đơn vị nào ${reviewer} thẩm định (${units.join(', ')}) có bản nộp được tiếp nhận trong đợt ${period}: chưa có gì để thẩm định`,
    );
  const bytes = await buildReviewWorkbook(bloc, period, reviewer, current, { flags });
  return { file: `tham-dinh-${reviewer}-${period}.xlsx`, base64: Buffer.from(bytes).toString('base64') };
};

/** The review uploads of a reviewer unit (refused ones included: their record names the uploader), newest first. */
const reviewUploads = async (d: LinksDeps, key: PeriodKey, reviewer: string): Promise<ReviewVersionRecord[]> =>
  (await need(d.ledger, 'ledger').reviewVersions(key)).filter((v) => v.reviewer === reviewer).sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1));

/** `GET /history` of a reviewer: its review uploads, newest first. */
export const reviewerHistory = async (d: LinksDeps, who: Credential, bloc: Bloc, period: string) => ({
  unit: who.unit,
  period,
  versions: (await reviewUploads(d, periodKey(bloc, period), who.unit))
    .slice(0, 50)
    .map(({ uploadId, file, receivedAt, status, errors, warnings }) => ({ uploadId, file, receivedAt, status, errors, warnings, kind: 'review' as const })),
});

/** `GET /report` of a reviewer: one of its own review uploads' report. */
export const reviewerReport = async (d: LinksDeps, who: Credential, bloc: Bloc, period: string, upload: string) => {
  const u = (await reviewUploads(d, periodKey(bloc, period), who.unit)).find((x) => x.uploadId === upload);
  if (!u) throw new LinkError(404, 'không có báo cáo này');
  const report = JSON.parse(Buffer.from(await need(d.blobs, 'data store').get(u.reportKey)).toString('utf8')) as ReviewReport;
  return { uploadId: u.uploadId, receivedAt: u.receivedAt, late: false, report };
};
