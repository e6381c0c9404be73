/**
 * Pulls a unit's Google Sheet through `@googleapis/sheets` (the Sheets API v4 client alone, not the
 * whole `googleapis`), in three read requests, each retried on its own (sheets-retry.ts):
 *
 * 1. `spreadsheets.get`, fields `properties(title,locale,timeZone)` and `sheets.properties(sheetId,
 *    title,sheetType,gridProperties)`: the real titles of `Thông tin` and `Chấm điểm`, found by the
 *    SPEC §5 text matching (a renamed `THÔNG TIN` or `Cham diem` is found; a missing one is
 *    SHEET_MISSING later, from the grid).
 * 2. `spreadsheets.values.batchGet` of both sheets, valueRenderOption UNFORMATTED_VALUE,
 *    dateTimeRenderOption SERIAL_NUMBER: numbers as numbers, booleans, text as typed.
 * 3. `spreadsheets.get` with includeGridData of the same ranges, fields limited to each cell's
 *    `effectiveFormat.numberFormat.type`: which numbers are dates or times (unformatted values do not
 *    say). Only made when a number was read. Chosen over a second FORMATTED_VALUE batchGet, which
 *    would leave dates to be guessed from locale-dependent text.
 *
 * Never throws: a failure is returned with its code (sheets-errors.ts).
 */
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import type { JWT } from 'google-auth-library';
import * as z from 'zod';
import { SHEETS } from '../model/workbook-layout.js';
import { matchKey } from '../text/match.js';
import { CredentialsError, describeFailure, InvalidResponseError, isRetryable, retryAfterMs, type SheetFailure } from './sheets-errors.js';
import { cellA1, rangeStart } from './sheets-grid.js';
import { DEFAULT_RETRY, systemClock, withRetry, type RetryClock, type RetryPolicy } from './sheets-retry.js';
import { DATE_FORMATS, type DateFormat, type SheetSnapshot, type SnapshotRange } from './sheets-snapshot.js';
import { LIMITS } from '../numbers/limits.js';

/** Another API root for the client (a local fake, for tests and emulators). */
export const ROOT_URL_ENV = 'BLOC_SHEETS_ROOT_URL';

export type PullResult = { ok: true; snapshot: SheetSnapshot; requests: number } | { ok: false; failure: SheetFailure };

export interface SheetsReader {
  /** The address a unit shares its sheet with. */
  serviceAccount: string;
  pull(spreadsheetId: string, url: string): Promise<PullResult>;
}

export interface SheetsReaderOptions {
  client: JWT;
  serviceAccount: string;
  /** Another API root (a local fake in tests), e.g. `http://127.0.0.1:8080/`. */
  rootUrl?: string;
  /** Per request (default 20 s). */
  requestTimeoutMs?: number;
  retry?: Partial<Pick<RetryPolicy, 'baseMs' | 'capMs' | 'maxAttempts'>>;
  /** The instant (ms) no retry may pass: the end of the run or of the Lambda invocation (default: 60 s per pull). */
  deadline?: () => number;
  clock?: RetryClock;
}

const META_FIELDS = 'spreadsheetId,properties(title,locale,timeZone),sheets.properties(sheetId,title,sheetType,hidden,gridProperties(rowCount,columnCount))';
const FORMAT_FIELDS = 'sheets(properties.sheetId,data(startRow,startColumn,rowData.values.effectiveFormat.numberFormat.type))';

const metaSchema = z.object({
  properties: z.object({ title: z.string().optional(), locale: z.string().optional(), timeZone: z.string().optional() }).optional(),
  sheets: z
    .array(
      z.object({
        properties: z.object({
          sheetId: z.number(),
          title: z.string(),
          sheetType: z.string().optional(),
          hidden: z.boolean().optional(),
          gridProperties: z.object({ rowCount: z.number().optional(), columnCount: z.number().optional() }).optional(),
        }),
      }),
    )
    .optional(),
});
const valuesSchema = z.object({
  valueRanges: z.array(z.object({ range: z.string(), values: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]))).optional() })).optional(),
});
const formatsSchema = z.object({
  sheets: z
    .array(
      z.object({
        properties: z.object({ sheetId: z.number() }),
        data: z
          .array(
            z.object({
              startRow: z.number().optional(),
              startColumn: z.number().optional(),
              rowData: z
                .array(
                  z.object({
                    values: z
                      .array(z.object({ effectiveFormat: z.object({ numberFormat: z.object({ type: z.string().optional() }).optional() }).optional() }))
                      .optional(),
                  }),
                )
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

const parse = <T>(schema: z.ZodType<T>, data: unknown, what: string): T => {
  const r = schema.safeParse(data);
  if (!r.success)
    throw new InvalidResponseError(
      `${what}: the answer is not shaped like the Sheets API's (${r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')})`,
    );
  return r.data;
};

/** A sheet title as a range: `'Chấm điểm'` (quotes doubled inside). */
export const quoteTitle = (title: string): string => `'${title.replace(/'/g, "''")}'`;

type Meta = z.infer<typeof metaSchema>;

/** The sheets to read: the first grid sheet matching each SPEC §5 name. */
const chooseSheets = (meta: Meta) => {
  const grids = (meta.sheets ?? []).map((s) => s.properties).filter((p) => !p.sheetType || p.sheetType === 'GRID');
  const wanted = [SHEETS.info, SHEETS.scoring]
    .map((name) => grids.find((p) => matchKey(p.title) === matchKey(name)))
    .filter((p): p is NonNullable<typeof p> => p !== undefined);
  const tooBig = (p: (typeof grids)[number]) => (p.gridProperties?.rowCount ?? 0) * (p.gridProperties?.columnCount ?? 0) > LIMITS.pulledGridCells;
  return { grids, read: wanted.filter((p) => !tooBig(p)), oversized: wanted.filter(tooBig) };
};

const dateCells = (formats: z.infer<typeof formatsSchema>, sheetId: number, values: SnapshotRange['values'], start: { row: number; col: number }) => {
  const isNumber = (row: number, col: number) => typeof values[row - start.row]?.[col - start.col] === 'number';
  const dates: Record<string, DateFormat> = {};
  for (const block of formats.sheets?.find((s) => s.properties.sheetId === sheetId)?.data ?? [])
    (block.rowData ?? []).forEach((row, i) =>
      (row.values ?? []).forEach((cell, j) => {
        const type = cell.effectiveFormat?.numberFormat?.type as DateFormat | undefined;
        const [r, c] = [(block.startRow ?? 0) + i + 1, (block.startColumn ?? 0) + j + 1];
        if (type && DATE_FORMATS.includes(type) && isNumber(r, c)) dates[cellA1(r, c)] = type;
      }),
    );
  return dates;
};

export const sheetsReader = (o: SheetsReaderOptions): SheetsReader => {
  const api: sheets_v4.Sheets = sheets({ version: 'v4', auth: o.client, ...(o.rootUrl && { rootUrl: o.rootUrl }) });
  const clock = o.clock ?? systemClock;
  const request = { retry: false, timeout: o.requestTimeoutMs ?? 20_000 };
  const pull = async (spreadsheetId: string, url: string): Promise<PullResult> => {
    const started = clock.now();
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...o.retry, deadline: o.deadline?.() ?? started + 60_000 };
    let requests = 0;
    const call = async <T>(op: () => Promise<{ data: unknown }>, schema: z.ZodType<T>, what: string): Promise<T> => {
      const r = await withRetry(async () => (requests++, parse(schema, (await op()).data, what)), isRetryable, policy, clock, retryAfterMs);
      if (!r.ok) throw Object.assign(new Error('pull failed'), { failed: r });
      return r.value;
    };
    try {
      const meta = await call(() => api.spreadsheets.get({ spreadsheetId, fields: META_FIELDS }, request), metaSchema, 'spreadsheets.get');
      const { grids, read, oversized } = chooseSheets(meta);
      const ranges = read.map((p) => quoteTitle(p.title));
      const batch = ranges.length
        ? await call(
            () =>
              api.spreadsheets.values.batchGet(
                { spreadsheetId, ranges, valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER', majorDimension: 'ROWS' },
                request,
              ),
            valuesSchema,
            'values.batchGet',
          )
        : { valueRanges: [] };
      const valueRanges = batch.valueRanges ?? [];
      if (valueRanges.length !== read.length) throw new InvalidResponseError(`values.batchGet: ${valueRanges.length} ranges for ${read.length} asked`);
      const numbers = valueRanges.some((v) => (v.values ?? []).some((row) => row.some((c) => typeof c === 'number')));
      const formats = numbers
        ? await call(
            () => api.spreadsheets.get({ spreadsheetId, ranges, includeGridData: true, fields: FORMAT_FIELDS }, request),
            formatsSchema,
            'spreadsheets.get (formats)',
          )
        : {};
      const snapshot: SheetSnapshot = {
        format: 'thi-dua/google-sheet@1',
        spreadsheetId,
        url,
        properties: { title: meta.properties?.title ?? '', locale: meta.properties?.locale ?? '', timeZone: meta.properties?.timeZone ?? '' },
        sheets: grids.map((p) => ({ title: p.title, sheetId: p.sheetId, ...(p.hidden && { hidden: true }) })),
        ranges: read.map((p, i) => {
          const v = valueRanges[i]!;
          const values = v.values ?? [];
          return { title: p.title, range: v.range, values, dates: dateCells(formats, p.sheetId, values, rangeStart(v.range)) };
        }),
        oversized: oversized.map((p) => ({ title: p.title, rows: p.gridProperties?.rowCount ?? 0, columns: p.gridProperties?.columnCount ?? 0 })),
      };
      return { ok: true, snapshot, requests };
    } catch (e) {
      const failed = (e as { failed?: { error: unknown; attempts: number } }).failed;
      const context = { spreadsheetId, url, serviceAccount: o.serviceAccount, attempts: failed?.attempts ?? 1, elapsedMs: clock.now() - started };
      return { ok: false, failure: describeFailure(failed ? failed.error : e, context) };
    }
  };
  return { serviceAccount: o.serviceAccount, pull };
};

/** A reader for when there are no usable credentials: every pull fails with SHEET_AUTH_FAILED. */
export const unavailableReader = (error: unknown, serviceAccount = ''): SheetsReader => {
  const cause = error instanceof CredentialsError ? error : new CredentialsError(error instanceof Error ? error.message : String(error));
  return {
    serviceAccount,
    pull: async (spreadsheetId, url) => ({ ok: false, failure: describeFailure(cause, { spreadsheetId, url, serviceAccount, attempts: 1, elapsedMs: 0 }) }),
  };
};
