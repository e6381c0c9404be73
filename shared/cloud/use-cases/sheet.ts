import type { SheetRegistration } from '../../config/sheets.js';
import type { Bloc } from '../../model/bloc.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { SubmissionReport } from '../../pipeline/report.js';
import type { Credential } from '../../store/credential-port.js';
import { LinkError, need, nowOf, periodOf, requireMember, type LinksDeps } from './access.js';

/**
 * A unit that keeps its workbook as a Google Sheet (SPEC §9): its sheet's link and last pull, and
 * "pull now", which queues a recompute of the period that pulls the registered sheets first (like
 * the nightly one), at most once per unit per PULL_INTERVAL_MS.
 */
export const PULL_INTERVAL_MS = 2 * 60 * 1000;

const registrationOf = async (d: LinksDeps, who: Credential, input: { period?: unknown }): Promise<{ bloc: Bloc; period: string; reg: SheetRegistration }> => {
  requireMember(who);
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const reg = (await d.catalog.sheets(bloc)).find((r) => r.period === period && r.unit === who.unit);
  if (!reg) throw new LinkError(404, `đơn vị ${who.unit} chưa đăng ký Google Sheet cho đợt ${period}`);
  return { bloc, period, reg };
};

/** `GET /sheet?period=P`: the registered sheet and the last version pulled from it (a failed pull records no version). */
export const unitSheet = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const { bloc, period, reg } = await registrationOf(d, who, input);
  const pulled = (await d.store.versions(periodKey(bloc, period)))
    .filter((v) => v.unit === who.unit && v.source?.spreadsheetId === reg.spreadsheetId)
    .sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1))[0];
  if (!pulled) return { url: reg.url, lastPull: null };
  let problem: { code: string; message: string } | undefined;
  if (pulled.status === 'rejected' && d.blobs) {
    const report = JSON.parse(Buffer.from(await d.blobs.get(pulled.reportKey)).toString('utf8')) as SubmissionReport;
    problem = report.errors[0] && { code: report.errors[0].code, message: report.errors[0].message };
  }
  return { url: reg.url, lastPull: { at: pulled.receivedAt, status: pulled.status, ...problem } };
};

/** `POST /pull {period}`: 202, or 429 when the unit asked less than two minutes ago. */
export const pullNow = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const { bloc, period } = await registrationOf(d, who, input);
  const now = nowOf(d);
  if (!(await need(d.throttle, 'pull throttle').claim(bloc.id, `pull#${period}#${who.unit}`, now, PULL_INTERVAL_MS)))
    throw new LinkError(429, 'đơn vị vừa yêu cầu lấy dữ liệu từ Google Sheet; mỗi đơn vị chỉ được yêu cầu một lần trong 2 phút, hãy thử lại sau');
  await need(d.queue, 'recompute queue').send([{ bloc: bloc.id, period, reason: 'manual', at: now.toISOString() }]);
  return { requested: true, at: now.toISOString() };
};
