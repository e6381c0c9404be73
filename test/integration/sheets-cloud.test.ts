/**
 * The nightly recompute in the cloud pulls the Google Sheets registered in config/<bloc>/sheets.json,
 * with the service-account key from Secrets Manager (a reader in its place here) and the Sheets API
 * (the local fake), on DynamoDB Local and s3rver.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudSheets } from '#shared/cloud/aws/google-key.js';
import { periodKey } from '#shared/pipeline/period-key.js';
import type { RankingsJson } from '#shared/scoring/rankings-json.js';
import { readXlsxGrid } from '#shared/source/xlsx-grid.js';
import { makeHandler } from '../../functions/recompute/handler.js';
import { cloudWorld, sqsEvent, sqsRecord, workbook, type CloudWorld } from '../support/cloud.js';
import { GOOGLE_ERRORS, spreadsheetFromGrid, spreadsheetId, startFakeSheetsApi, type FakeSheetsApi } from '../support/fake-sheets-api.js';

const SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:ThiDuaGoogleKey-AbCdEf';
let w: CloudWorld;
let fake: FakeSheetsApi;
let secretValue: string;
const secretReads: string[] = [];
let recompute: ReturnType<typeof makeHandler>;

const request = (reason: 'nightly' | 'upload', period = 'Y') =>
  sqsEvent(sqsRecord(JSON.stringify({ bloc: 'ntb-tn', period, reason, at: '2025-11-19T17:30:00.000Z' })));
const logs = () => w.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const keys = async (prefix: string) =>
  ((await w.aws.s3.send(new ListObjectsV2Command({ Bucket: w.aws.bucket, Prefix: prefix }))).Contents ?? []).map((c) => c.Key!).sort();
const text = async (key: string) => (await w.aws.s3.send(new GetObjectCommand({ Bucket: w.aws.bucket, Key: key }))).Body!.transformToString();
const apiCalls = () => fake.requests.filter((r) => r.path.startsWith('/v4/')).length;

beforeAll(async () => {
  [w, fake] = await Promise.all([cloudWorld(), startFakeSheetsApi()]);
  secretValue = fake.keyJson;
  for (const unit of ['STP-KHA', 'THADS-KHA']) {
    const grid = await readXlsxGrid(await workbook(w.bloc, unit));
    if (!grid.ok) throw new Error(grid.problem.message);
    fake.put(spreadsheetId(unit), spreadsheetFromGrid(grid.grid, unit));
  }
  fake.failAlways(spreadsheetId('STP-QNG'), GOOGLE_ERRORS.notShared);
  const sheets = {
    Y: {
      'STP-KHA': spreadsheetId('STP-KHA'),
      'STP-QNG': spreadsheetId('STP-QNG'),
      'THADS-KHA': `https://docs.google.com/spreadsheets/d/${spreadsheetId('THADS-KHA')}/edit`,
    },
  };
  await w.aws.s3.send(new PutObjectCommand({ Bucket: w.aws.bucket, Key: 'config/ntb-tn/sheets.json', Body: JSON.stringify(sheets) }));
  const factory = cloudSheets(
    { BLOC_GOOGLE_KEY_SECRET: SECRET, BLOC_SHEETS_ROOT_URL: fake.rootUrl },
    {
      readSecret: async (id) => {
        secretReads.push(id);
        return secretValue;
      },
    },
  );
  recompute = makeHandler(() => w.rt, w.log, factory);
});
afterAll(async () => {
  w?.destroy();
  await fake?.stop();
});

describe('nightly recompute with registered Google Sheets', () => {
  it('pulls every registered sheet, ingests what it read, reports what it could not, then ranks', async () => {
    expect(await recompute(request('nightly'), { ...w.context, getRemainingTimeInMillis: () => 300_000 })).toEqual({ batchItemFailures: [] });
    expect(secretReads).toEqual([SECRET]);
    const key = periodKey(w.bloc, 'Y');
    const versions = await w.rt.store.versions(key);
    expect(versions.map((v) => [v.unit, v.file, v.status]).sort()).toEqual([
      ['STP-KHA', 'STP-KHA.gsheet', 'accepted'],
      ['THADS-KHA', 'THADS-KHA.gsheet', 'accepted'],
    ]);
    expect(await keys('raw/')).toEqual(versions.map((v) => v.rawKey).sort());
    const [failure] = await keys('reports/ntb-tn/2025/Y/pulls/');
    expect(failure).toMatch(/^reports\/ntb-tn\/2025\/Y\/pulls\/[^/]+\/STP-QNG\.json$/);
    expect(JSON.parse(await text(failure!))).toMatchObject({ unit: 'STP-QNG', status: 'failed', errors: [{ code: 'SHEET_NOT_SHARED' }] });
    expect(logs().find((l) => l['message'] === 'sheet not pulled: nothing recorded')).toMatchObject({
      level: 'warn',
      unit: 'STP-QNG',
      code: 'SHEET_NOT_SHARED',
    });
    expect(logs().find((l) => l['message'] === 'registered sheets pulled')).toMatchObject({ registered: 3, ingested: 2, failed: 1, unchanged: 0, error: 0 });
    const run = await w.rt.store.latestRun(key);
    const rankings: RankingsJson = JSON.parse(await text(run!.rankingsKey));
    const ranked = rankings.groups.flatMap((g) => g.members.filter((m) => m.rank !== null).map((m) => m.unit)).sort();
    expect(ranked).toEqual(['STP-KHA', 'THADS-KHA']);
    expect(rankings.groups[0]!.members.find((m) => m.unit === 'STP-QNG')).toEqual({ unit: 'STP-QNG', status: 'missing', rank: null });
  });

  it('the next night, unchanged sheets are not ingested again and the ranking is skipped', async () => {
    const before = (await w.rt.store.versions(periodKey(w.bloc, 'Y'))).length;
    w.lines.length = 0;
    expect(await recompute(request('nightly'), w.context)).toEqual({ batchItemFailures: [] });
    expect((await w.rt.store.versions(periodKey(w.bloc, 'Y'))).length).toBe(before);
    expect(logs().filter((l) => l['message'] === 'sheet unchanged since its latest version: not ingested again')).toHaveLength(2);
    expect(logs().find((l) => l['message'] === 'inputs unchanged since the latest run: skipped')).toBeDefined();
    expect(secretReads).toHaveLength(1); // the key is kept per container
  });

  it('a recompute asked for by an upload does not pull; a period without registrations reads no secret', async () => {
    const calls = apiCalls();
    expect(await recompute(request('upload'), w.context)).toEqual({ batchItemFailures: [] });
    expect(await recompute(request('nightly', 'H1'), w.context)).toEqual({ batchItemFailures: [] });
    expect(apiCalls()).toBe(calls);
  });

  it('a secret without a usable key: every pull fails with SHEET_AUTH_FAILED, the ranking still runs, the key is tried again next time', async () => {
    const fresh = makeHandler(
      () => w.rt,
      w.log,
      cloudSheets({ BLOC_GOOGLE_KEY_SECRET: SECRET, BLOC_SHEETS_ROOT_URL: fake.rootUrl }, { readSecret: async () => 'placeholder-from-cdk' }),
    );
    w.lines.length = 0;
    expect(await fresh(request('nightly'), w.context)).toEqual({ batchItemFailures: [] });
    const failed = logs().filter((l) => l['message'] === 'sheet not pulled: nothing recorded');
    expect(failed.map((l) => l['code'])).toEqual(['SHEET_AUTH_FAILED', 'SHEET_AUTH_FAILED', 'SHEET_AUTH_FAILED']);
    expect(String(failed[0]!['detail'])).toContain('is not JSON');
    expect(logs().some((l) => String(l['message']).startsWith('inputs unchanged') || l['message'] === 'recomputed')).toBe(true);
  });
});
