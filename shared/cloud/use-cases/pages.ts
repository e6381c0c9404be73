import { findPeriod, groupOf, memberOf, type Bloc } from '../../model/bloc.js';
import { formatHundredths } from '../../numbers/rational.js';
import { scoreMember } from '../../scoring/score.js';
import { decodeValues } from '../../store/codec.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { SubmissionReport } from '../../pipeline/report.js';
import type { RankingsJson } from '../../scoring/rankings-json.js';
import type { Credential } from '../../store/credential-port.js';
import { buildTemplate } from '../../workbooks/template/template.js';
import { LinkError, type LinksDeps } from './links.js';

/**
 * What the web pages (web/) read besides the links: who the credential is and the bloc's periods,
 * the unit's blank template, one report, the lead's board of the period, and "recompute now".
 * Same rules as links.ts: a member sees only its own unit; the board and recompute are the lead's.
 */
const periodOf = (bloc: Bloc, period: unknown): string => {
  if (typeof period !== 'string' || !findPeriod(bloc, period))
    throw new LinkError(400, `"period" phải là một trong: ${bloc.periods.map((p) => p.id).join(', ')}`);
  return period;
};

const requireLead = (who: Credential) => {
  if (who.role !== 'lead') throw new LinkError(403, 'chỉ trưởng khối được dùng chức năng này');
};

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`links deployment has no ${what}`);
  return value;
};

/** The credential and its bloc: role, unit, periods (with deadlines); the lead also gets the members. */
export const whoAmI = async (d: LinksDeps, who: Credential) => {
  const bloc = await d.catalog.load(who.bloc);
  return {
    role: who.role,
    unit: who.unit,
    unitName: memberOf(bloc, who.unit)?.name ?? who.unit,
    bloc: { id: bloc.id, name: bloc.name, year: bloc.year, timezone: bloc.timezone },
    periods: bloc.periods.map((p) => ({ id: p.id, name: p.name, from: p.from, to: p.to, deadline: p.deadline })),
    now: (d.now?.() ?? new Date()).toISOString(),
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
  const bytes = await buildTemplate(bloc, period, unit);
  return { file: `${unit}-${period}.xlsx`, base64: Buffer.from(bytes).toString('base64') };
};

/** One version's report (SPEC §8); a member only of its own unit. */
export const versionReport = async (d: LinksDeps, who: Credential, input: { period?: unknown; upload?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const notFound = new LinkError(404, 'không có báo cáo này');
  if (typeof input.upload !== 'string') throw notFound;
  const v = await d.store.getVersion(periodKey(bloc, period), input.upload);
  if (!v || (who.role !== 'lead' && v.unit !== who.unit)) throw notFound;
  const report = JSON.parse(Buffer.from(await need(d.blobs, 'data store').get(v.reportKey)).toString('utf8')) as SubmissionReport;
  return { uploadId: v.uploadId, receivedAt: v.receivedAt, late: v.late, report };
};

/** The unit's versions of a period, newest first: status, counts, lateness, its total when accepted, which one is in force. */
export const unitHistory = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const key = periodKey(bloc, period);
  const [versions, state] = await Promise.all([d.store.versions(key), d.store.state(key)]);
  const current = state.current.find((c) => c.unit === who.unit)?.uploadId;
  const rubric = groupOf(bloc, who.unit)?.rubric;
  return {
    unit: who.unit,
    period,
    versions: versions
      .filter((v) => v.unit === who.unit)
      .sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1))
      .slice(0, 50)
      .map((v) => ({
        uploadId: v.uploadId,
        file: v.file,
        receivedAt: v.receivedAt,
        status: v.status,
        errors: v.errors,
        warnings: v.warnings,
        late: v.late,
        current: v.uploadId === current,
        total: v.status === 'accepted' && v.values && rubric ? formatHundredths(scoreMember(rubric, decodeValues(v.values)).total) : null,
      })),
  };
};

export type BoardStatus = 'accepted' | 'rejected' | 'missing';

/** The lead's board: every member's status, lateness, latest receipt, and total and rank from the latest run. */
export const periodBoard = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  requireLead(who);
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const key = periodKey(bloc, period);
  const [state, versions, run] = await Promise.all([d.store.state(key), d.store.versions(key), d.store.latestRun(key)]);
  let rankings: RankingsJson | undefined;
  if (run) rankings = JSON.parse(Buffer.from(await need(d.blobs, 'data store').get(run.rankingsKey)).toString('utf8')) as RankingsJson;
  const ranked = new Map(rankings?.groups.flatMap((g) => g.members.map((m) => [m.unit, m] as const)) ?? []);
  const members = bloc.groups.flatMap((g) =>
    g.members.map((m) => {
      const current = state.current.find((c) => c.unit === m.code);
      const mine = versions.filter((v) => v.unit === m.code).sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1));
      const currentVersion = current && mine.find((v) => v.uploadId === current.uploadId);
      const status: BoardStatus = current ? 'accepted' : mine.length ? 'rejected' : 'missing';
      const r = ranked.get(m.code);
      return {
        unit: m.code,
        name: m.name,
        group: g.id,
        groupName: g.name,
        status,
        late: currentVersion?.late ?? mine[0]?.late ?? false,
        versions: mine.length,
        lastReceivedAt: mine[0]?.receivedAt ?? null,
        total: current?.total ?? null,
        rank: r?.status === 'accepted' ? r.rank : null,
        classification: r?.status === 'accepted' ? r.classification : null,
        award: r?.status === 'accepted' ? r.award : null,
      };
    }),
  );
  return { period, run: run ? { runId: run.runId, generatedAt: run.generatedAt } : null, members };
};

/** Lead only: asks for a recompute of the period now (pulls registered sheets first, like the nightly one). */
export const recomputeNow = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  requireLead(who);
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const at = (d.now?.() ?? new Date()).toISOString();
  await need(d.queue, 'recompute queue').send([{ bloc: bloc.id, period, reason: 'manual', at }]);
  return { requested: true, period, at };
};
