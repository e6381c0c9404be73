import { fitName } from '../text/file-name.js';
import type { PeriodKey } from './ports.js';

/**
 * S3 key layout. Every key holds a unique upload or run id, so nothing is ever written twice:
 *   raw/<bloc>/<year>/<period>/<uploadId>/<file name>        the bytes as received (a pulled Google
 *                                                            Sheet: <unit>.gsheet.json, the values read)
 *   reports/<bloc>/<year>/<period>/<uploadId>/report.json     the validation report
 *   reports/<bloc>/<year>/<period>/<uploadId>/annotated.xlsx  the member's workbook, marked up
 *   reports/<bloc>/<year>/<period>/pulls/<pullId>/<unit>.json  a registered Google Sheet that could not be pulled
 *   reports/<bloc>/<year>/<period>/refused/<uploadId>.json     an upload refused: its link's credential was revoked or expired
 *   summaries/<bloc>/<year>/<period>/<runId>/summary.xlsx     the summary workbook
 *   summaries/<bloc>/<year>/<period>/<runId>/rankings.json    rankings.json
 *   summaries/<bloc>/<year>/<period>/<runId>/snapshot.json    points per unit and criterion (shared/insight)
 */
const period = (k: PeriodKey) => `${k.bloc}/${k.year}/${k.period}`;

/** A file name safe as the last segment of a key: no path, no control characters. */
export const safeFileName = (name: string): string => fitName((name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '') || 'upload', 200, true);

export const rawKey = (k: PeriodKey, uploadId: string, file: string) => `raw/${period(k)}/${uploadId}/${safeFileName(file)}`;
export const reportKey = (k: PeriodKey, uploadId: string) => `reports/${period(k)}/${uploadId}/report.json`;
export const annotatedKey = (k: PeriodKey, uploadId: string) => `reports/${period(k)}/${uploadId}/annotated.xlsx`;
export const pullReportKey = (k: PeriodKey, pullId: string, unit: string) => `reports/${period(k)}/pulls/${pullId}/${safeFileName(unit)}.json`;
export const refusedReportKey = (k: PeriodKey, uploadId: string) => `reports/${period(k)}/refused/${uploadId}.json`;
export const summaryKey = (k: PeriodKey, runId: string) => `summaries/${period(k)}/${runId}/summary.xlsx`;
export const rankingsKey = (k: PeriodKey, runId: string) => `summaries/${period(k)}/${runId}/rankings.json`;
export const snapshotKey = (k: PeriodKey, runId: string) => `summaries/${period(k)}/${runId}/snapshot.json`;

/**
 * DynamoDB partition keys of the one table: a bloc period's submissions (`BP#<bloc>#<year>#<period>`)
 * and a bloc's credentials (`CREDS#<bloc>`). The stack scopes each function's table permissions to
 * the partitions it needs with `dynamodb:LeadingKeys` on these.
 */
export const periodPartition = (k: PeriodKey): string => `BP#${k.bloc}#${k.year}#${k.period}`;
export const periodPartitionsOf = (bloc: string): string => `BP#${bloc}#*`;
export const credentialPartition = (bloc: string): string => `CREDS#${bloc}`;

/** A time-sortable id: the instant to the millisecond, then a distinguishing suffix. */
export const timeSortableId = (at: Date, suffix: string): string => `${at.toISOString().replace(/[-:]/g, '').replace('.', '')}-${suffix}`;

/** Ids that become one segment of a key: bloc ids, period ids, member codes. */
export const KEY_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
export const isKeySegment = (s: string): boolean => KEY_SEGMENT.test(s);

/** A published version's copies (SPEC §10): `published/<bloc>/<year>/<period>/<n>/rankings.json` and `summary.xlsx`. */
export const publishedKey = (k: PeriodKey, n: number, name: 'rankings.json' | 'summary.xlsx') => `published/${period(k)}/${n}/${name}`;
