import { groupOf, memberOf } from '../../model/bloc.js';
import { formatHundredths } from '../../numbers/rational.js';
import { scoreMember } from '../../scoring/score.js';
import { decodeValues } from '../../store/codec.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { SubmissionReport } from '../../pipeline/report.js';
import type { Credential } from '../../store/credential-port.js';
import { LinkError, need, nowOf, periodOf, requireLead, type LinksDeps } from './access.js';
import { acceptedLateIds } from './board.js';
import { reviewerHistory, reviewerReport, reviewsOf } from './reviews.js';

/**
 * What the web pages (web/) read besides the links: who the credential is and the bloc's periods,
 * the unit's blank template, one report, the lead's board of the period, and "recompute now".
 * Same rules as links.ts: a member sees only its own unit; a reviewer its own review uploads; the
 * board and recompute are the lead's.
 */
/** The credential and its bloc: role, unit, periods (with deadlines), what it may review; the lead also gets the members. */
export const whoAmI = async (d: LinksDeps, who: Credential) => {
  const bloc = await d.catalog.load(who.bloc);
  const reviews = reviewsOf(bloc, who);
  return {
    role: who.role,
    unit: who.unit,
    unitName: memberOf(bloc, who.unit)?.name ?? who.unit,
    bloc: { id: bloc.id, name: bloc.name, year: bloc.year, timezone: bloc.timezone },
    periods: bloc.periods.map((p) => ({ id: p.id, name: p.name, from: p.from, to: p.to, deadline: p.deadline })),
    now: nowOf(d).toISOString(),
    ...(reviews && { reviews }),
    ...(who.role === 'lead' && {
      members: bloc.groups.flatMap((g) => g.members.map((m) => ({ code: m.code, name: m.name, group: g.id, groupName: g.name }))),
    }),
  };
};

/** The unit's blank template of a period, base64 in JSON (a function URL answers text); the lead may ask for any unit. */
export const blankTemplate = async (d: LinksDeps, who: Credential, input: { period?: unknown; unit?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const unit = who.role === 'lead' && typeof input.unit === 'string' && input.unit ? input.unit : who.unit;
  if (!memberOf(bloc, unit)) throw new LinkError(400, `đơn vị ${unit} không phải thành viên của khối`);
  // exceljs is evaluated only when a template is asked for, not at every cold start of the links function.
  const { buildTemplate } = await import('../../workbooks/template/template.js');
  const bytes = await buildTemplate(bloc, period, unit);
  return { file: `${unit}-${period}.xlsx`, base64: Buffer.from(bytes).toString('base64') };
};

/** One version's report (SPEC §8); a member only of its own unit; a reviewer only of its own review uploads. */
export const versionReport = async (d: LinksDeps, who: Credential, input: { period?: unknown; upload?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const notFound = new LinkError(404, 'không có báo cáo này');
  if (typeof input.upload !== 'string') throw notFound;
  if (who.role === 'reviewer') return reviewerReport(d, who, bloc, period, input.upload);
  const v = await d.store.getVersion(periodKey(bloc, period), input.upload);
  if (!v || (who.role !== 'lead' && v.unit !== who.unit)) throw notFound;
  const report = JSON.parse(Buffer.from(await need(d.blobs, 'data store').get(v.reportKey)).toString('utf8')) as SubmissionReport;
  return { uploadId: v.uploadId, receivedAt: v.receivedAt, late: v.late, report };
};

/**
 * The unit's versions of a period, newest first: status (`late`: held, see the board), counts,
 * lateness, its total when accepted, which one is in force. A reviewer's: its review uploads.
 */
export const unitHistory = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  if (who.role === 'reviewer') return reviewerHistory(d, who, bloc, period);
  const key = periodKey(bloc, period);
  const [versions, state, decisions] = await Promise.all([d.store.versions(key), d.store.state(key), d.ledger?.decisions(key) ?? []]);
  const current = state.current.find((c) => c.unit === who.unit)?.uploadId;
  const acceptedLate = acceptedLateIds(decisions);
  const rubric = groupOf(bloc, who.unit)?.rubric;
  return {
    unit: who.unit,
    period,
    versions: versions
      .filter((v) => v.unit === who.unit)
      .sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1))
      .slice(0, 50)
      .map((v) => ({
        ...(acceptedLate.has(v.uploadId) ? { ...v, status: 'accepted' as const } : v),
      }))
      .map((v) => ({
        uploadId: v.uploadId,
        file: v.file,
        receivedAt: v.receivedAt,
        status: v.status === 'late' ? ('held' as const) : v.status,
        errors: v.errors,
        warnings: v.warnings,
        late: v.late,
        kind: 'submission' as const,
        current: v.uploadId === current,
        total: v.status === 'accepted' && v.values && rubric ? formatHundredths(scoreMember(rubric, decodeValues(v.values)).total) : null,
      })),
  };
};

/** Lead only: asks for a recompute of the period now (pulls registered sheets first, like the nightly one). */
export const recomputeNow = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  requireLead(who);
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const at = nowOf(d).toISOString();
  await need(d.queue, 'recompute queue').send([{ bloc: bloc.id, period, reason: 'manual', at }]);
  return { requested: true, period, at };
};
