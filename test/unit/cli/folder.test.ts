/**
 * `bloc run`'s ingestion of a folder against an in-memory store (the same ports as DynamoDB and S3):
 * which file of a unit counts, what the others say, re-runs, and receipts that do not become current.
 */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FileTooLarge, listInbox, readBounded } from '../../../cli/inbox.js';
import { checkReceivedAt, ingestFolder, parseInstant, type FolderReport, type InputFile } from '../../../cli/run.js';
import type { Bloc } from '../../../shared/model/bloc.js';
import type { IngestDeps } from '../../../shared/pipeline/ingest.js';
import type { BlobStore, CurrentRecord, PeriodKey, RunRecord, SubmissionStore, VersionRecord } from '../../../shared/store/ports.js';
import { tempFiles } from '../../support/rubric-builders.js';
import { filledWorkbook, goldenInputs, sampleBloc, type GoldenInputs } from '../../support/sample.js';

const KEY: PeriodKey = { bloc: 'ntb-tn', year: 2025, period: 'Y' };

/** The store ports in memory, with the conditional writes of the DynamoDB adapter. */
const memoryDeps = () => {
  const versions = new Map<string, VersionRecord>();
  const current = new Map<string, CurrentRecord>();
  const rejected = new Set<string>();
  const blobs = new Map<string, Uint8Array>();
  const store: SubmissionStore = {
    putVersion: async (_k: PeriodKey, v) => (versions.has(v.uploadId) ? false : (versions.set(v.uploadId, v), true)),
    getVersion: async (_k, id) => versions.get(id),
    promote: async (_k, c) => {
      const seen = current.get(c.unit);
      if (seen && seen.uploadId >= c.uploadId) return false;
      current.set(c.unit, c);
      return true;
    },
    markRejected: async (_k, unit) => void rejected.add(unit),
    state: async () => ({ current: [...current.values()], rejected: [...rejected] }),
    versions: async () => [...versions.values()].sort((a, b) => (a.uploadId < b.uploadId ? -1 : 1)),
    putRun: async (_k, _r: RunRecord) => undefined,
    latestRun: async () => undefined,
    runs: async () => [],
    head: async () => ({ changes: 0, publication: { state: 'open', publication: 0 } }),
    confirmRun: async () => undefined,
    contents: async () => ({ state: await store.state(KEY), versions: await store.versions(KEY) }),
  };
  const blobStore: BlobStore = {
    put: async (key, body) => {
      if (blobs.has(key)) throw new Error(`overwrite ${key}`);
      blobs.set(key, typeof body === 'string' ? Buffer.from(body) : body);
    },
    get: async (key) => {
      const b = blobs.get(key);
      if (!b) throw new Error(`no ${key}`);
      return b;
    },
  };
  const deps: IngestDeps = { store, blobs: blobStore };
  return { deps, versions, current, blobs };
};

let bloc: Bloc;
let inputs: GoldenInputs;
let good: Uint8Array;
let corrected: Uint8Array;
beforeAll(async () => {
  [bloc, inputs] = await Promise.all([sampleBloc(), goldenInputs()]);
  good = await filledWorkbook(bloc, 'STP-KHA', inputs);
  corrected = await filledWorkbook(bloc, 'STP-KHA', inputs, { 'I.2': { points: '4' } });
});

const AT = new Date('2025-11-19T02:00:00Z');
const folderFiles = async (dir: string, receivedAt = AT): Promise<InputFile[]> =>
  (await listInbox(dir)).files.map((f) => ({ name: f.name, read: () => readBounded(f.path), receivedAt, judgeLateness: false }));

const quietly = async <T>(work: () => Promise<T>): Promise<{ out: T; lines: string[] }> => {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
  try {
    return { out: await work(), lines };
  } finally {
    spy.mockRestore();
  }
};

const stamp = (dir: string, name: string, iso: string) => utimes(join(dir, name), new Date(iso), new Date(iso));

describe('several files of one unit in one run', () => {
  it('the file modified last counts, whatever the names; the other says DUPLICATE_IN_BATCH, stored and on the terminal', async () => {
    const dir = await tempFiles({});
    const inbox = join(dir, 'in');
    await mkdir(inbox);
    // "(bản sửa)" sorts before the plain name, but the plain name is the older, uncorrected file.
    await writeFile(join(inbox, 'STP-KHA.xlsx'), good);
    await writeFile(join(inbox, 'STP-KHA (bản sửa).xlsx'), corrected);
    await stamp(inbox, 'STP-KHA.xlsx', '2025-11-18T08:00:00Z');
    await stamp(inbox, 'STP-KHA (bản sửa).xlsx', '2025-11-19T08:00:00Z');
    const m = memoryDeps();
    const { out: reports, lines } = await quietly(async () => ingestFolder(m.deps, bloc, 'Y', await folderFiles(inbox), join(dir, 'out'), 'b1'));
    expect(reports.map((r) => [r.file, r.status, r.warnings.map((w) => w.code)])).toEqual([
      ['STP-KHA.xlsx', 'accepted', ['DUPLICATE_IN_BATCH']],
      ['STP-KHA (bản sửa).xlsx', 'accepted', []],
    ]);
    expect(reports[0]!.warnings[0]!.message).toContain('"STP-KHA (bản sửa).xlsx"');
    const cur = m.current.get('STP-KHA')!;
    expect(cur.file).toBe('STP-KHA (bản sửa).xlsx');
    // What the summary's log reads: the version, with its warning counted and in its stored report.
    const older = [...m.versions.values()].find((v) => v.file === 'STP-KHA.xlsx')!;
    expect(older.warnings).toBe(1);
    expect(JSON.parse(Buffer.from(await m.deps.blobs.get(older.reportKey)).toString()).warnings[0].code).toBe('DUPLICATE_IN_BATCH');
    expect(JSON.parse(await readFile(join(dir, 'out/reports/STP-KHA.xlsx.json'), 'utf8')).warnings[0].code).toBe('DUPLICATE_IN_BATCH');
    expect(lines.join('')).toMatch(/\[1\/2\] STP-KHA\.xlsx: tiếp nhận \(STP-KHA\): 1 cảnh báo — KHÔNG TÍNH \(DUPLICATE_IN_BATCH\).*STP-KHA \(bản sửa\)\.xlsx/);

    // Swap the times: now the plain name counts.
    await stamp(inbox, 'STP-KHA.xlsx', '2025-11-20T08:00:00Z');
    const fresh = memoryDeps();
    await quietly(async () => ingestFolder(fresh.deps, bloc, 'Y', await folderFiles(inbox), join(dir, 'out2'), 'b2'));
    expect(fresh.current.get('STP-KHA')!.file).toBe('STP-KHA.xlsx');
  });

  it('a later rejected file replaces nothing and takes nothing from the accepted one', async () => {
    const bad = await filledWorkbook(bloc, 'STP-KHA', inputs, { 'I.2': { points: 'tám' } });
    const m = memoryDeps();
    const files: InputFile[] = [
      { name: 'a.xlsx', read: async () => good, receivedAt: AT, judgeLateness: false },
      { name: 'b.xlsx', read: async () => bad, receivedAt: AT, judgeLateness: false },
    ];
    const { out } = await quietly(async () => ingestFolder(m.deps, bloc, 'Y', files, join(await tempFiles({}), 'out'), 'b3'));
    expect(out.map((r) => [r.status, r.warnings.map((w) => w.code)])).toEqual([
      ['accepted', []],
      ['rejected', []],
    ]);
    expect(m.current.get('STP-KHA')!.file).toBe('a.xlsx');
  });
});

describe('running again over the same folder', () => {
  it('reports every file unchanged and stores nothing', async () => {
    const dir = await tempFiles({ 'notes.txt': 'Báo cáo gửi kèm' });
    await writeFile(join(dir, 'STP-KHA.xlsx'), good);
    await writeFile(join(dir, 'STP-QNG.xlsx'), await filledWorkbook(bloc, 'STP-QNG', inputs, { 'I.2': { points: 'tám' } }));
    const m = memoryDeps();
    const out = join(await tempFiles({}), 'out');
    await quietly(async () => ingestFolder(m.deps, bloc, 'Y', await folderFiles(dir), out, 'r1'));
    const [versions, blobs, current] = [m.versions.size, m.blobs.size, m.current.get('STP-KHA')];
    const { out: again, lines } = await quietly(async () =>
      ingestFolder(m.deps, bloc, 'Y', await folderFiles(dir, new Date(AT.getTime() + 3_600_000)), out, 'r2'),
    );
    expect([m.versions.size, m.blobs.size]).toEqual([versions, blobs]);
    expect(m.current.get('STP-KHA')).toEqual(current);
    const byFile = Object.fromEntries(again.map((r: FolderReport) => [r.file, r]));
    expect(byFile['STP-KHA.xlsx']).toMatchObject({ unit: 'STP-KHA', status: 'unchanged', errors: [], warnings: [] });
    // The earlier findings are still there: an unchanged rejected file is still wrong.
    expect(byFile['STP-QNG.xlsx']).toMatchObject({ unit: 'STP-QNG', status: 'unchanged', errors: [{ code: 'VALUE_NOT_NUMBER' }] });
    expect(byFile['notes.txt']).toMatchObject({ unit: null, status: 'unchanged', errors: [{ code: 'FILE_NOT_XLSX' }] });
    expect(JSON.parse(await readFile(join(out, 'reports/STP-KHA.xlsx.json'), 'utf8')).status).toBe('unchanged');
    expect(lines.join('')).toMatch(/STP-KHA\.xlsx: không thay đổi \(STP-KHA\): giống hệt tệp "STP-KHA\.xlsx"/);
  });

  it('a changed file of the same unit is a new version', async () => {
    const m = memoryDeps();
    const out = join(await tempFiles({}), 'out');
    const one = (bytes: Uint8Array, at: Date): InputFile[] => [{ name: 'STP-KHA.xlsx', read: async () => bytes, receivedAt: at, judgeLateness: false }];
    await quietly(() => ingestFolder(m.deps, bloc, 'Y', one(good, AT), out, 'c1'));
    const { out: r } = await quietly(() => ingestFolder(m.deps, bloc, 'Y', one(corrected, new Date(AT.getTime() + 1000)), out, 'c2'));
    expect(r[0]).toMatchObject({ status: 'accepted', warnings: [] });
    expect(m.versions.size).toBe(2);
  });
});

describe('a valid version that does not become current', () => {
  it('says so (NOT_CURRENT), naming the version in force and when it was received', async () => {
    const m = memoryDeps();
    const out = join(await tempFiles({}), 'out');
    await quietly(() =>
      ingestFolder(
        m.deps,
        bloc,
        'Y',
        [{ name: 'STP-KHA 21-11.xlsx', read: async () => good, receivedAt: new Date('2025-11-21T01:00:00Z'), judgeLateness: false }],
        out,
        'n1',
      ),
    );
    const { out: r, lines } = await quietly(() =>
      ingestFolder(
        m.deps,
        bloc,
        'Y',
        [{ name: 'STP-KHA 20-11.xlsx', read: async () => corrected, receivedAt: new Date('2025-11-20T01:00:00Z'), judgeLateness: false }],
        out,
        'n2',
      ),
    );
    expect(r[0]).toMatchObject({ status: 'accepted', warnings: [{ code: 'NOT_CURRENT', cell: null }] });
    expect(r[0]!.warnings[0]!.message).toContain('"STP-KHA 21-11.xlsx", nhận lúc 21/11/2025 08:00');
    expect(m.current.get('STP-KHA')!.file).toBe('STP-KHA 21-11.xlsx');
    expect(lines.join('')).toMatch(/KHÔNG TÍNH \(NOT_CURRENT\)/);
  });
});

describe('a file over the size limit', () => {
  it('is refused FILE_TOO_LARGE, with a report, without being read or stored', async () => {
    const m = memoryDeps();
    const out = join(await tempFiles({}), 'out');
    const read = vi.fn(async (): Promise<Uint8Array> => {
      throw new FileTooLarge(2 ** 31);
    });
    const { out: r, lines } = await quietly(() =>
      ingestFolder(m.deps, bloc, 'Y', [{ name: 'huge.xlsx', read, receivedAt: AT, judgeLateness: false }], out, 'l1'),
    );
    expect(r[0]).toMatchObject({ unit: null, status: 'rejected', errors: [{ code: 'FILE_TOO_LARGE', cell: null }] });
    expect(r[0]!.errors[0]!.message).toContain('2048,0 MB, tối đa 10 MB');
    expect(m.versions.size).toBe(0);
    expect(lines.join('')).toMatch(/huge\.xlsx: từ chối: FILE_TOO_LARGE/);
  });

  it('prints a name with control characters escaped', async () => {
    const m = memoryDeps();
    const out = join(await tempFiles({}), 'out');
    const name = 'x\u001b[2K\r[1] STP-KHA.xlsx: tiếp nhận\n.xlsx';
    const { lines } = await quietly(() =>
      ingestFolder(m.deps, bloc, 'Y', [{ name, read: async () => Buffer.from('%PDF'), receivedAt: AT, judgeLateness: false }], out, 'p1'),
    );
    const printed = lines.join('');
    expect(printed).not.toMatch(/\u001b|\r/);
    expect(printed).toContain('[1/1] x\\u001B[2K\\u000D[1] STP-KHA.xlsx: tiếp nhận\\u000A.xlsx: từ chối');
  });
});

describe('--received-at typo safety', () => {
  const now = new Date('2025-11-21T03:00:00Z');
  const check = (text: string) => () => checkReceivedAt(parseInstant(text, bloc.timezone), bloc, 'Y', now);

  it('takes a time up to five minutes ahead of now (a clock a little fast), and the first moment of the period', () => {
    expect(check('2025-11-21T10:04:00+07:00')).not.toThrow();
    expect(check('2025-01-01')).not.toThrow();
  });

  it('refuses the future (the 2027 typo) and a time before the period began', () => {
    expect(check('2027-11-19')).toThrow(/19\/11\/2027 00:00 .*tương lai/);
    expect(check('2025-11-21T10:06:00+07:00')).toThrow(/tương lai/);
    expect(check('2024-12-31T23:59:59')).toThrow(/trước ngày bắt đầu của đợt Y \(01\/01\/2025\)/);
  });
});
