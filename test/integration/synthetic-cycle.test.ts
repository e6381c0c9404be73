/**
 * SPEC §10 through the real command line on a bloc that shares nothing with the sample region
 * (test/support/synthetic-bloc.ts): `bloc run` with submissions, then with review workbooks made by
 * `bloc review-template` and filled here with exceljs as reviewers would; a held late file accepted;
 * a tie voted; publication, after which an upload, a review and a decision are stored but change
 * nothing published. Every total is worked by hand to the hundredth. One local store (`--data`)
 * carries the steps; the tests run in order.
 */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { REVIEW_HEADERS, REVIEW_INFO_LABELS } from '#shared/model/review-layout.js';
import { SELF_SCORE_SHEET } from '#shared/workbooks/summary/summary.js';
import { runBloc, type Run } from '../support/cli.js';
import { tempFiles } from '../support/rubric-builders.js';
import { CB_B4, Q2_SELF_TABLE, rankingTable, SO_A3_V2, SYN_INPUTS, syntheticWorkbook, writeSyntheticBloc } from '../support/synthetic-bloc.js';
import { criterionCell, edited, valueRightOf } from '../unit/review/review-fixtures.js';

type Json = Record<string, any>;
const TIMEOUT = 300_000;

const table = (rankings: Json) => rankingTable(rankings as Parameters<typeof rankingTable>[0]);

/** A review input: `Điểm thẩm định` (or the reviewed `Số thực hiện`) and `Lý do` of one criterion on one unit sheet. */
interface Fill {
  sheet: string;
  code: string;
  points?: number;
  achieved?: number;
  reason: string;
}

const fill =
  (fills: Fill[], more: (wb: ExcelJS.Workbook) => void = () => {}) =>
  (wb: ExcelJS.Workbook) => {
    for (const f of fills) {
      const ws = wb.getWorksheet(f.sheet)!;
      if (f.points !== undefined) criterionCell(ws, f.code, REVIEW_HEADERS.reviewedPoints).value = f.points;
      if (f.achieved !== undefined) criterionCell(ws, f.code, REVIEW_HEADERS.reviewedAchieved).value = f.achieved;
      criterionCell(ws, f.code, REVIEW_HEADERS.reason).value = f.reason;
    }
    more(wb);
  };

describe('bloc run with review workbooks, decisions and publication on a bloc unlike the sample region', () => {
  let dir: string;
  let config: string;
  let bloc: Bloc;
  const data = () => join(dir, 'data');
  const cli = async (...args: string[]): Promise<Run> => {
    const actor = args[0] === 'review-template' ? [] : ['--actor', 'truong.cum'];
    const r = await runBloc([...args, '--config', config, '--period', 'Q2', '--data', data(), ...actor], { timeout: 150_000 });
    if (r.code !== 0) throw new Error(`bloc ${args[0]} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  /** Writes the files into a new inbox, modification times in the order given. */
  const inbox = async (name: string, files: [string, Uint8Array][]) => {
    const at = join(dir, name);
    await mkdir(at);
    for (const [i, [file, bytes]] of files.entries()) {
      await writeFile(join(at, file), bytes);
      const t = new Date(Date.UTC(2026, 6, 1, 0, i));
      await utimes(join(at, file), t, t);
    }
    return at;
  };
  const run = async (name: string, files: [string, Uint8Array][], receivedAt?: string) => {
    const out = join(dir, `${name}-out`);
    const r = await cli('run', '--in', await inbox(name, files), '--out', out, ...(receivedAt ? ['--received-at', receivedAt] : []));
    return { r, out, rankings: JSON.parse(await readFile(join(out, 'rankings.json'), 'utf8')) as Json };
  };
  const report = async (out: string, file: string): Promise<Json> => JSON.parse(await readFile(join(out, 'reports', `${file}.json`), 'utf8'));
  const codes = (ps: Json[]) => ps.map((p) => p.code);

  beforeAll(async () => {
    dir = await tempFiles({});
    config = await writeSyntheticBloc();
    bloc = (await loadBloc(config)).bloc;
  });

  let published: Json;

  it(
    'first run: eight submissions, ranked on self-scores; the CO tie in group cb goes to a vote',
    async () => {
      const files = await Promise.all(
        Object.entries(SYN_INPUTS).map(async ([unit, input]) => [`${unit}.xlsx`, await syntheticWorkbook(bloc, unit, input)] as [string, Uint8Array]),
      );
      const { out, rankings } = await run('in1', files, '2026-07-01T08:00:00');
      for (const [file] of files) expect((await report(out, file)).status, file).toBe('accepted');
      expect(table(rankings)).toEqual(Q2_SELF_TABLE);
    },
    TIMEOUT,
  );

  it(
    'second run: a new version of SO-A3, then review workbooks filled as reviewers would; the precedences hold to the hundredth',
    async () => {
      const template = async (reviewer: string) => {
        const file = join(dir, `${reviewer}.xlsx`);
        await cli('review-template', '--reviewer', reviewer, '--out', file);
        return readFile(file);
      };
      const [lead, a2, a3] = [await template('SO-A1'), await template('SO-A2'), await template('SO-A3')];
      const files: [string, Uint8Array][] = [
        // SO-A3 v2: 13.75 + 9.33 + 15 + 2 = 40.08 on its own; the reviews below are of v1 (stale).
        ['SO-A3 ban sua.xlsx', await syntheticWorkbook(bloc, 'SO-A3', SO_A3_V2)],
        // The lead: SO-A3 P1.a → 12; SO-A4 TR.1 1 → 2.
        [
          'tham-dinh truong cum.xlsx',
          await edited(
            lead,
            fill([
              { sheet: 'SO-A3', code: 'P1.a', points: 12, reason: 'Thiếu minh chứng' },
              { sheet: 'SO-A4', code: 'TR.1', points: 2, reason: 'Có vi phạm' },
            ]),
          ),
        ],
        // SO-A2 on SO-A3: P1.a → 11 (the lead's 12 wins), P2.a Số thực hiện 18 → 17 with its base left empty ("agreed": 20).
        [
          'SO-A2 cham cheo.xlsx',
          await edited(
            a2,
            fill([
              { sheet: 'SO-A3', code: 'P1.a', points: 11, reason: 'Chấm lại' },
              { sheet: 'SO-A3', code: 'P2.a', achieved: 17, reason: 'Hồ sơ chưa đủ' },
            ]),
          ),
        ],
        // SO-A3 on SO-A5, first: P1.a 10 → 9 and TH.1 3 → 1.
        [
          'SO-A3 cham cheo.xlsx',
          await edited(
            a3,
            fill([
              { sheet: 'SO-A5', code: 'P1.a', points: 9, reason: 'Thiếu hồ sơ' },
              { sheet: 'SO-A5', code: 'TH.1', points: 1, reason: 'Sáng kiến chưa công nhận' },
            ]),
          ),
        ],
        // The lead's workbook passed off as CB-B1's: only the CB-B2 sheet is CB-B1's to review.
        [
          'CB-B1 cham cheo.xlsx',
          await edited(
            lead,
            fill(
              [
                { sheet: 'CB-B2', code: 'K.1', points: 26, reason: 'Số liệu chưa khớp' },
                { sheet: 'SO-A4', code: 'TR.1', points: 4, reason: 'Không được phép' },
              ],
              (wb) => {
                valueRightOf(wb.getWorksheet('Thông tin')!, REVIEW_INFO_LABELS.reviewer).value = 'CB-B1';
              },
            ),
          ),
        ],
        // The lead again, later, with SO-A3's sheet deleted: SO-A4 P1.a 11 → 10 and TR.1 left empty.
        [
          'tham-dinh truong cum (lan 2).xlsx',
          await edited(
            lead,
            fill([{ sheet: 'SO-A4', code: 'P1.a', points: 10, reason: 'Thiếu hồ sơ' }], (wb) => wb.removeWorksheet(wb.getWorksheet('SO-A3')!.id)),
          ),
        ],
        // SO-A3 on SO-A5 again, later: P1.a → 9.5 only.
        ['SO-A3 cham cheo (lan 2).xlsx', await edited(a3, fill([{ sheet: 'SO-A5', code: 'P1.a', points: 9.5, reason: 'Chấm lại theo hồ sơ bổ sung' }]))],
      ];
      const { r, out, rankings } = await run('in2', files, '2026-07-02T08:00:00');

      expect(await report(out, 'SO-A3 ban sua.xlsx')).toMatchObject({ unit: 'SO-A3', status: 'accepted', errors: [], warnings: [] });
      const leadReport = await report(out, 'tham-dinh truong cum.xlsx');
      expect(leadReport).toMatchObject({
        reviewer: 'SO-A1',
        status: 'accepted',
        units: ['SO-A2', 'SO-A3', 'SO-A4', 'SO-A5', 'CB-B1', 'CB-B2', 'CB-B3'],
        errors: [],
      });
      expect(codes(leadReport.warnings)).toEqual(['REVIEW_STALE']);
      expect(await report(out, 'SO-A2 cham cheo.xlsx')).toMatchObject({ reviewer: 'SO-A2', status: 'accepted', units: ['SO-A3'], errors: [] });
      const cb1 = await report(out, 'CB-B1 cham cheo.xlsx');
      expect(cb1).toMatchObject({ reviewer: 'CB-B1', status: 'accepted', units: ['CB-B2'] });
      // Every other sheet is rejected (CB-B1's own among them); the CB-B2 sheet stands.
      expect(codes(cb1.errors)).toEqual(Array(6).fill('REVIEWER_NOT_ALLOWED'));
      expect(cb1.errors.map((e: Json) => e.message).join(' ')).toContain('Đơn vị CB-B1 không được tự thẩm định mình');
      expect(await report(out, 'tham-dinh truong cum (lan 2).xlsx')).toMatchObject({ status: 'accepted', errors: [], warnings: [] });
      // Readable workbooks with problems get an annotated copy, as submissions do; a clean one does not.
      await expect(readFile(join(out, 'reports', 'CB-B1 cham cheo.xlsx.annotated.xlsx'))).resolves.toBeInstanceOf(Buffer);
      await expect(readFile(join(out, 'reports', 'SO-A3 cham cheo.xlsx.annotated.xlsx'))).rejects.toThrow();
      expect(r.stderr).toMatch(/\[thẩm định 4\/6\] CB-B1 cham cheo\.xlsx: tệp thẩm định của CB-B1: tiếp nhận thẩm định CB-B2 \(6 lỗi\)/);

      expect(table(rankings)).toEqual({
        sa: [
          ['SO-A1', 1, '40.00', 'BK'],
          // SO-A5: SO-A3's newer review replaces its older one as a whole: P1.a 9.5, TH.1 back to 3: 9.5 + 10 + 15 + 3 − 0.5.
          ['SO-A5', 2, '37.00', 'CO'],
          // SO-A4: the lead's newer review (P1.a 10) replaces the older (TR.1 2): 10 + 10 + 15 + 0.5 − 1.
          ['SO-A4', 3, '34.50', null],
          // SO-A3 v2 with the stale reviews of v1: P1.a 12 (lead over SO-A2's 11, the lead's sheet deleted
          // later leaves it), P2.a 17/20 = 0.85 → 9 (SO-A2): 12 + 9.33 + 9 + 2.
          ['SO-A3', 4, '32.33', null],
          ['SO-A2', 5, '27.83', null],
        ],
        cb: [
          ['CB-B1', 1, '38.00', 'vote:CO'],
          ['CB-B3', 1, '38.00', 'vote:CO'],
          // CB-B2: K.1 28.5 → 26 (CB-B1, assigned): 26 + 6.
          ['CB-B2', 3, '32.00', 'BK'],
          ['CB-B4', 'missing'],
        ],
      });
      // The run's summary shows the reviews: the self-score sheet names the reasons.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile(join(out, 'summary.xlsx'))) as unknown as ArrayBuffer);
      const texts: string[] = [];
      wb.getWorksheet(SELF_SCORE_SHEET)!.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
      expect(texts.join('\n')).toContain('Thiếu minh chứng');
      expect(texts.join('\n')).toContain('Chấm lại theo hồ sơ bổ sung');
    },
    TIMEOUT,
  );

  it(
    'a late file is held, counts once accepted; the vote settles CO and its loser is walked for BK',
    async () => {
      const late = await run('in3', [['CB-B4.xlsx', await syntheticWorkbook(bloc, 'CB-B4', CB_B4)]], '2026-07-08T08:00:00');
      const held = await report(late.out, 'CB-B4.xlsx');
      expect([held.status, codes(held.warnings)]).toEqual(['late', ['LATE']]);
      expect(table(late.rankings).cb!.at(-1)).toEqual(['CB-B4', 'missing']);
      const uploadId = /--accept-late (\S+)\)/.exec(held.warnings[0].message)![1]!;
      await cli('decide', '--accept-late', uploadId, '--reason', 'Công văn xin nộp muộn số 5');
      await cli('decide', '--vote', 'CO', '--winners', 'CB-B1', '--reason', 'Biên bản họp cụm ngày 10/7');
      const after = await run('in4', []);
      expect(table(after.rankings).cb).toEqual([
        ['CB-B1', 1, '38.00', 'CO'],
        // Lost the vote, walked for BK like any unit: first eligible, ahead of CB-B2.
        ['CB-B3', 1, '38.00', 'BK'],
        ['CB-B2', 3, '32.00', null],
        // 10 + 0 (5 days late > 3): below every class.
        ['CB-B4', 4, '10.00', null],
      ]);
      expect(after.rankings.groups[1].members[3].classification).toBeNull();
      published = after.rankings;
    },
    TIMEOUT,
  );

  it(
    'after publishing, an upload, a review and a decision are stored and say PUBLISHED_FROZEN; the published result stands',
    async () => {
      await cli('publish');
      const vote = await cli('decide', '--vote', 'CO', '--winners', 'CB-B3', '--reason', 'Biểu quyết lại');
      expect(vote.stderr).toMatch(/cảnh báo PUBLISHED_FROZEN: Kết quả đợt Q2 đã được công bố \(lần 1\)\. Quyết định này được lưu nhưng không làm thay đổi/);
      const a2 = await readFile(join(dir, 'SO-A2.xlsx'));
      const { r, out, rankings } = await run(
        'in5',
        [
          // 15 + 8.33 + 9 + 0 − 2 = 30.33 would lift SO-A2 above SO-A3, were the period open.
          ['SO-A2 moi.xlsx', await syntheticWorkbook(bloc, 'SO-A2', { ...SYN_INPUTS['SO-A2']!, 'P1.a': '15' })],
          ['SO-A2 cham cheo moi.xlsx', await edited(a2, fill([{ sheet: 'SO-A3', code: 'P1.a', points: 5, reason: 'Sai số liệu' }]))],
        ],
        '2026-07-03T08:00:00',
      );
      const upload = await report(out, 'SO-A2 moi.xlsx');
      expect([upload.status, codes(upload.warnings)]).toEqual(['accepted', ['PUBLISHED_FROZEN']]);
      expect(upload.warnings[0].message).toMatch(/^Kết quả đợt Q2 đã được công bố \(lần 1\)\. Tệp này được lưu nhưng không làm thay đổi kết quả đã công bố/);
      const review = await report(out, 'SO-A2 cham cheo moi.xlsx');
      expect([review.status, codes(review.warnings)]).toEqual(['accepted', ['REVIEW_STALE', 'PUBLISHED_FROZEN']]);
      expect(r.stderr).toContain('PUBLISHED_FROZEN');
      // A frozen file with no fault of its own gets no annotated copy.
      await expect(readFile(join(out, 'reports', 'SO-A2 moi.xlsx.annotated.xlsx'))).rejects.toThrow();
      expect(rankings).toEqual(published);
      const log = await cli('log');
      expect(log.stdout.match(/Kết quả đã công bố không thay đổi/g)).toHaveLength(3);
    },
    TIMEOUT,
  );
});
