import type { SheetRegistration } from '../../config/sheets.js';
import type { Bloc } from '../../model/bloc.js';
import type { IngestDeps } from '../../pipeline/ingest.js';
import { periodKey } from '../../pipeline/period-key.js';
import { pullSheets, type SheetPull } from '../../pipeline/pull-sheets.js';
import { pullReportKey, timeSortableId } from '../../store/keys.js';
import { jsonText } from '../../text/json-text.js';
import type { Logger } from '../log.js';
import type { BlocCatalog, SheetsFactory } from '../ports.js';

export interface CloudPullDeps extends IngestDeps {
  catalog: BlocCatalog;
  sheets: SheetsFactory;
  now?: () => Date;
}

export type PullSummary = Record<SheetPull['kind'], number>;

/**
 * The nightly (or a manual) recompute of a bloc period first pulls the Google Sheets registered for
 * it, logging each outcome; a failed pull's report is kept under
 * reports/<bloc>/<year>/<period>/pulls/. Throws only when the registrations cannot be read.
 * `registered`: the bloc's registrations when the caller read them already (once per bloc).
 */
export const pullRegistered = async (
  d: CloudPullDeps,
  bloc: Bloc,
  period: string,
  log: Logger,
  deadline: number,
  registered?: SheetRegistration[],
): Promise<PullSummary> => {
  const summary: PullSummary = { ingested: 0, unchanged: 0, failed: 0, error: 0 };
  const registrations = (registered ?? (await d.catalog.sheets(bloc))).filter((r) => r.period === period);
  if (!registrations.length) return summary;
  const now = d.now ?? (() => new Date());
  const pulls = await pullSheets({ ...d, sheets: await d.sheets(deadline) }, bloc, period, registrations, { now, judgeLateness: true });
  for (const p of pulls) {
    summary[p.kind] += 1;
    const ulog = log.with({ unit: p.registration.unit, spreadsheetId: p.registration.spreadsheetId });
    if (p.kind === 'ingested') {
      const r = p.outcome.report;
      ulog.info('sheet pulled and ingested', {
        uploadId: p.outcome.version.uploadId,
        status: r.status,
        current: p.outcome.current,
        errors: r.errors.length,
        warnings: r.warnings.length,
      });
    } else if (p.kind === 'unchanged') ulog.info('sheet unchanged since its latest version: not ingested again', { uploadId: p.version.uploadId });
    else if (p.kind === 'failed') {
      const key = pullReportKey(periodKey(bloc, period), timeSortableId(now(), p.registration.spreadsheetId.slice(0, 12)), p.registration.unit);
      ulog.warn('sheet not pulled: nothing recorded', { code: p.failure.code, detail: p.failure.detail, attempts: p.failure.attempts, reportKey: key });
      await d.blobs.put(key, jsonText(p.report), 'application/json').catch((error) => ulog.error('failure report not kept', { error }));
    } else ulog.error('pulled sheet could not be ingested', { error: p.error });
  }
  log.info('registered sheets pulled', { registered: registrations.length, ...summary });
  return summary;
};
