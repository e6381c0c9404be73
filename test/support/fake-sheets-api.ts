/**
 * A local HTTP server that answers like Google: the OAuth token endpoint of a service account (it
 * verifies the RS256 assertion with the key it issued) and the three Sheets API v4 calls the adapter
 * makes, with bodies shaped like the real API's:
 *
 *   GET /v4/spreadsheets/{id}?fields=…                          Spreadsheet {spreadsheetId, properties, sheets[].properties}
 *   GET /v4/spreadsheets/{id}?ranges=…&includeGridData=true     sheets[].data[].rowData[].values[].effectiveFormat.numberFormat
 *   GET /v4/spreadsheets/{id}/values:batchGet?ranges=…          BatchGetValuesResponse {spreadsheetId, valueRanges[ValueRange]}
 *
 * ValueRange is {range: "'Chấm điểm'!A1:Z1000", majorDimension: "ROWS", values}: the range names the
 * whole grid, values leave out trailing empty cells and rows (a missing middle cell is ""), and an
 * empty sheet has no `values`. Errors are `{error: {code, message, status, errors?, details?}}`.
 * Faults (an HTTP error, a dropped connection, a hang) can be queued per spreadsheet.
 */
import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { columnLetters, type Grid, type GridSheet } from '#shared/grid/grid.js';
import { sheetsReader, type SheetsReaderOptions } from '#shared/source/sheets-api.js';
import { parseServiceAccountKey, serviceAccountClient } from '#shared/source/sheets-auth.js';
import { cellA1, dateToSerial } from '#shared/source/sheets-grid.js';
import type { DateFormat, SheetValue } from '#shared/source/sheets-snapshot.js';

export interface FakeTab {
  title: string;
  sheetId: number;
  sheetType?: 'GRID' | 'OBJECT';
  /** Grid size (default 1000 × 26, or what the values need). */
  rows?: number;
  columns?: number;
  /** From A1; `undefined` or "" is an empty cell. */
  values: (SheetValue | undefined)[][];
  /** Number format type by cell (A1) for cells formatted as dates or times. */
  dates?: Record<string, DateFormat>;
}

export interface FakeSpreadsheet {
  title: string;
  locale?: string;
  timeZone?: string;
  tabs: FakeTab[];
}

export type Fault = { status: number; body: unknown; headers?: Record<string, string> } | { drop: true } | { hang: true };

const apiError = (code: number, status: string, message: string, extra: Record<string, unknown> = {}) => ({
  status: code,
  body: { error: { code, message, status, ...extra } },
});

/** Error answers as the Sheets API gives them. */
export const GOOGLE_ERRORS = {
  notShared: apiError(403, 'PERMISSION_DENIED', 'The caller does not have permission'),
  notFound: apiError(404, 'NOT_FOUND', 'Requested entity was not found.', {
    errors: [{ message: 'Requested entity was not found.', domain: 'global', reason: 'notFound' }],
  }),
  quota: apiError(
    429,
    'RESOURCE_EXHAUSTED',
    "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456789012'.",
    {
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'RATE_LIMIT_EXCEEDED',
          domain: 'googleapis.com',
          metadata: {
            service: 'sheets.googleapis.com',
            quota_metric: 'sheets.googleapis.com/read_requests',
            quota_limit: 'ReadRequestsPerMinutePerUser',
            quota_limit_value: '60',
            consumer: 'projects/123456789012',
          },
        },
      ],
    },
  ),
  unavailable: apiError(503, 'UNAVAILABLE', 'The service is currently unavailable.'),
  internal: apiError(500, 'INTERNAL', 'Internal error encountered.'),
  notSpreadsheet: apiError(400, 'FAILED_PRECONDITION', 'This operation is not supported for this document'),
  apiDisabled: apiError(
    403,
    'PERMISSION_DENIED',
    'Google Sheets API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=123456789012 then retry.',
    {
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'SERVICE_DISABLED',
          domain: 'googleapis.com',
          metadata: { service: 'sheets.googleapis.com', consumer: 'projects/123456789012' },
        },
      ],
    },
  ),
} satisfies Record<string, Fault>;

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
}

export interface FakeSheetsApi {
  /** The API root for the client's `rootUrl` (with a trailing slash). */
  rootUrl: string;
  tokenUri: string;
  /** A service-account key (JSON text) whose `token_uri` is this server. */
  keyJson: string;
  serviceAccount: string;
  put(id: string, spreadsheet: FakeSpreadsheet): void;
  /** Faults answered, in order, to the next requests for a spreadsheet. */
  fail(id: string, ...faults: Fault[]): void;
  /** A fault answered to every request for a spreadsheet (until `heal`). */
  failAlways(id: string, fault: Fault): void;
  heal(id: string): void;
  /** Faults answered to the next token requests. */
  tokenFaults: Fault[];
  requests: FakeRequest[];
  stop(): Promise<void>;
}

/** A spreadsheet id of the real length (44), distinct per seed. */
export const spreadsheetId = (seed: string): string => `1${Buffer.from(seed.padEnd(32, '.')).toString('base64url')}`.slice(0, 44).padEnd(44, 'x');

const A1_TITLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const rangeTitle = (title: string) => (A1_TITLE.test(title) ? title : `'${title.replace(/'/g, "''")}'`);

/** `'It''s'!A1:B2` or `Sheet1` → the sheet title. */
const titleOf = (range: string): string => {
  const quoted = /^'((?:[^']|'')*)'(?:!.*)?$/.exec(range);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  return range.split('!')[0]!;
};

const trimmed = (values: (SheetValue | undefined)[][]): SheetValue[][] => {
  const rows = Array.from(values, (row) => {
    const out = Array.from(row ?? [], (v) => v ?? '');
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  });
  while (rows.length && !rows[rows.length - 1]!.length) rows.pop();
  return rows;
};

const size = (t: FakeTab) => ({
  rows: t.rows ?? Math.max(1000, t.values.length),
  columns: t.columns ?? Math.max(26, ...t.values.map((r) => r.length)),
});

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((done) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => done(text));
  });

export const startFakeSheetsApi = async (): Promise<FakeSheetsApi> => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spreadsheets = new Map<string, FakeSpreadsheet>();
  const queued = new Map<string, Fault[]>();
  const sticky = new Map<string, Fault>();
  const tokens = new Set<string>();
  const sockets = new Set<Socket>();
  const requests: FakeRequest[] = [];
  const tokenFaults: Fault[] = [];

  const send = (res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(payload));
  };
  const answerFault = (res: ServerResponse, f: Fault): void => {
    if ('drop' in f) res.socket?.destroy();
    else if ('hang' in f) return;
    else send(res, f.status, f.body, f.headers);
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await body(req));
    const fault = tokenFaults.shift();
    if (fault) return answerFault(res, fault);
    const [head, claims, signature] = (form.get('assertion') ?? '').split('.');
    const valid =
      form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
      !!signature &&
      createVerify('RSA-SHA256').update(`${head}.${claims}`).verify(publicKey, Buffer.from(signature, 'base64url'));
    const payload = valid ? JSON.parse(Buffer.from(claims!, 'base64url').toString()) : {};
    if (!valid || !String(payload.scope).includes('spreadsheets.readonly'))
      return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const accessToken = `ya29.${randomBytes(16).toString('base64url')}`;
    tokens.add(accessToken);
    send(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  };

  const metadata = (id: string, s: FakeSpreadsheet) => ({
    spreadsheetId: id,
    properties: { title: s.title, locale: s.locale ?? 'vi_VN', timeZone: s.timeZone ?? 'Asia/Ho_Chi_Minh' },
    sheets: s.tabs.map((t) => ({
      properties: {
        sheetId: t.sheetId,
        title: t.title,
        sheetType: t.sheetType ?? 'GRID',
        gridProperties: { rowCount: size(t).rows, columnCount: size(t).columns },
      },
    })),
  });

  const formats = (s: FakeSpreadsheet, ranges: string[]) => ({
    sheets: s.tabs
      .filter((t) => ranges.some((r) => titleOf(r) === t.title))
      .map((t) => ({
        properties: { sheetId: t.sheetId },
        data: [
          {
            rowData: trimmed(t.values).map((row, i) => ({
              values: row.map((v, j) => {
                const date = t.dates?.[cellA1(i + 1, j + 1)];
                if (date) return { effectiveFormat: { numberFormat: { type: date, pattern: date === 'DATE' ? 'dd/mm/yyyy' : 'HH:mm:ss' } } };
                return typeof v === 'number' ? { effectiveFormat: { numberFormat: { type: 'NUMBER', pattern: '0.00' } } } : {};
              }),
            })),
          },
        ],
      })),
  });

  const batchGet = (id: string, s: FakeSpreadsheet, q: URLSearchParams, res: ServerResponse) => {
    if (q.get('valueRenderOption') !== 'UNFORMATTED_VALUE' || q.get('dateTimeRenderOption') !== 'SERIAL_NUMBER')
      return send(res, 400, { error: { code: 400, message: 'this fake answers UNFORMATTED_VALUE with SERIAL_NUMBER only', status: 'INVALID_ARGUMENT' } });
    const valueRanges = [];
    for (const range of q.getAll('ranges')) {
      const tab = s.tabs.find((t) => t.title === titleOf(range));
      if (!tab) return send(res, 400, { error: { code: 400, message: `Unable to parse range: ${range}`, status: 'INVALID_ARGUMENT' } });
      const { rows, columns } = size(tab);
      const values = trimmed(tab.values);
      valueRanges.push({ range: `${rangeTitle(tab.title)}!A1:${columnLetters(columns)}${rows}`, majorDimension: 'ROWS', ...(values.length && { values }) });
    }
    send(res, 200, { spreadsheetId: id, valueRanges });
  };

  const api = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const m = /^\/v4\/spreadsheets\/([^/:]+)(\/values:batchGet)?$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return send(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    const auth = req.headers.authorization?.replace(/^Bearer /, '');
    if (!auth || !tokens.has(auth))
      return send(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
    const id = decodeURIComponent(m[1]!);
    const fault = queued.get(id)?.shift() ?? sticky.get(id);
    if (fault) return answerFault(res, fault);
    const s = spreadsheets.get(id);
    if (!s) return answerFault(res, GOOGLE_ERRORS.notFound);
    if (m[2]) return batchGet(id, s, url.searchParams, res);
    if (url.searchParams.get('includeGridData') === 'true') return send(res, 200, formats(s, url.searchParams.getAll('ranges')));
    send(res, 200, metadata(id, s));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      ...(req.headers.authorization && { authorization: req.headers.authorization }),
    });
    if (url.pathname === '/token' && req.method === 'POST') void token(req, res);
    else api(req, res, url);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceAccount = 'bloc-puller@thi-dua-test.iam.gserviceaccount.com';
  const keyJson = JSON.stringify({
    type: 'service_account',
    project_id: 'thi-dua-test',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: serviceAccount,
    client_id: '123456789012345678901',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: `${base}/token`,
  });
  return {
    rootUrl: `${base}/`,
    tokenUri: `${base}/token`,
    keyJson,
    serviceAccount,
    put: (id, s) => void spreadsheets.set(id, s),
    fail: (id, ...faults) => void queued.set(id, [...(queued.get(id) ?? []), ...faults]),
    failAlways: (id, f) => void sticky.set(id, f),
    heal: (id) => {
      sticky.delete(id);
      queued.delete(id);
    },
    tokenFaults,
    requests,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
};

// ---------------------------------------------------------------------------------------------
// A grid (as the xlsx reader gives it) served as a spreadsheet: the same content, as Google holds it

const DATE_TEXT = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export const tabFromGrid = (sheet: GridSheet, sheetId: number): FakeTab => {
  const values: (SheetValue | undefined)[][] = [];
  const dates: Record<string, DateFormat> = {};
  for (const [row, cells] of sheet.rows)
    for (const [col, raw] of cells) {
      const line = (values[row - 1] ??= []);
      let v: SheetValue | undefined;
      if (raw.kind === 'number' || raw.kind === 'boolean') v = raw.value;
      else if (raw.kind === 'text' || raw.kind === 'error') v = raw.text;
      else if (raw.kind === 'formula-without-result') v = `=${raw.formula}`;
      else if (raw.kind === 'date') {
        const m = DATE_TEXT.exec(raw.text);
        if (!m) v = raw.text;
        else {
          v = dateToSerial(new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))));
          dates[cellA1(row, col)] = m[4] ? 'DATE_TIME' : 'DATE';
        }
      }
      line[col - 1] = v;
    }
  for (let i = 0; i < values.length; i++) values[i] ??= [];
  return { title: sheet.name, sheetId, values, dates };
};

export const spreadsheetFromGrid = (grid: Grid, title: string): FakeSpreadsheet => ({
  title,
  tabs: grid.sheets.map((s, i) => tabFromGrid(s, i === 0 ? 0 : 1_000_000 + i * 7919)),
});

/** A reader on the fake, with the real auth path (key → signed assertion → token) and quick retries. */
export const fakeReader = (fake: FakeSheetsApi, o: Partial<SheetsReaderOptions> = {}) =>
  sheetsReader({
    client: serviceAccountClient(parseServiceAccountKey(fake.keyJson, 'test key')),
    serviceAccount: fake.serviceAccount,
    rootUrl: fake.rootUrl,
    retry: { baseMs: 5, capMs: 40, maxAttempts: 4 },
    ...o,
  });
