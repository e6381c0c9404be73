/**
 * Ingesting a file made from an older version of the rubric (SPEC §6 TEMPLATE_OUTDATED): one
 * error, and the annotated copy is a fresh template with the values typed carried over.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { ingestNew, type Ingested } from '#shared/pipeline/ingest.js';
import { readWorkbook } from '#shared/pipeline/read-workbook.js';
import { MemoryBlobStore, MemorySubmissionStore } from '#shared/store/memory-store.js';
import { timeSortableId } from '#shared/store/keys.js';
import { PROBLEMS_SHEET } from '#shared/workbooks/annotated/annotate.js';
import { CARRIED_SHEET, buildTemplate } from '#shared/workbooks/template/template.js';
import { FIXTURE } from '../../support/rubric-builders.js';
import { fillFrom, goldenInputs, type GoldenInputs } from '../../support/sample.js';

type Json = any;
const UNIT = 'STP-KHA';
const AT = new Date('2025-11-18T03:00:00Z');

const editedBloc = (edit: (rubric: Json) => void): Promise<Bloc> =>
  loadBloc(join(FIXTURE, 'bloc.json'), async (path) => {
    const text = await readFile(path, 'utf8');
    if (basename(path) !== 'rubric-stp.json') return text;
    const json = JSON.parse(text);
    edit(json);
    return JSON.stringify(json);
  }).then((l) => l.bloc);

/** I.2's maximum lowered under the 6 typed; a criterion V.3 added. */
const EDIT = (r: Json): void => {
  const [i, v] = [r.sections[0], r.sections.find((s: Json) => s.code === 'V')];
  i.criteria[1].max = 5;
  i.criteria[2].max = 7;
  v.criteria[1].max = 3; // V.2, typed 4
  v.criteria.push({ code: 'V.3', title: 'Tiêu chí mới', type: 'manual', max: 2, step: 0.5 });
};

const sheetNames = async (bytes: Uint8Array): Promise<string[]> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb.worksheets.map((ws) => ws.name);
};

let bloc: Bloc;
let edited: Bloc;
let inputs: GoldenInputs;
let n = 0;

const ingestFile = async (
  b: Bloc,
  bytes: Uint8Array,
  deps = { store: new MemorySubmissionStore(), blobs: new MemoryBlobStore() },
): Promise<Ingested & { blobs: MemoryBlobStore }> => {
  n += 1;
  const out = await ingestNew(deps, b, 'Y', { file: `${UNIT}-${n}.xlsx`, bytes, uploadId: timeSortableId(AT, `u${n}`), receivedAt: AT, judgeLateness: false });
  return { ...out, blobs: deps.blobs };
};

beforeAll(async () => {
  bloc = await editedBloc(() => {});
  edited = await editedBloc(EDIT);
  inputs = await goldenInputs();
});

describe('ingest: a file made from an older version of the rubric', () => {
  it('is rejected with TEMPLATE_OUTDATED alone; its annotated copy is a fresh template with the old values', async () => {
    const old = await buildTemplate(bloc, 'Y', UNIT, fillFrom(inputs[UNIT]!));
    const out = await ingestFile(edited, old);
    expect(out.report.status).toBe('rejected');
    expect(out.report.unit).toBe(UNIT);
    expect(out.report.errors.map((p) => p.code)).toEqual(['TEMPLATE_OUTDATED']);
    expect(out.report.warnings).toEqual([]);
    expect(out.annotated).toBeDefined();
    expect(await out.blobs.get(out.version.annotatedKey!)).toEqual(new Uint8Array(out.annotated!));

    expect(await sheetNames(out.annotated!)).toEqual(['Thông tin', 'Chấm điểm', CARRIED_SHEET].map((s) => s.normalize('NFC')));
    const before = await readWorkbook(bloc, 'Y', old);
    const after = await readWorkbook(edited, 'Y', out.annotated!);
    expect(after.unit).toBe(UNIT);
    expect(after.errors.map((p) => p.code)).toEqual(['VALUE_MISSING', 'VALUE_MISSING', 'VALUE_MISSING']);
    expect(after.errors.map((p) => p.message.match(/Tiêu chí ([\w.]+)/)?.[1])).toEqual(['I.2', 'V.2', 'V.3']);
    for (const code of Object.keys(before.values).filter((c) => !['I.2', 'V.2'].includes(c)))
      expect([code, after.values[code]]).toEqual([code, before.values[code]]);
  });

  it('the carried template, completed and sent back, is accepted', async () => {
    const old = await buildTemplate(bloc, 'Y', UNIT, fillFrom(inputs[UNIT]!));
    const { annotated } = await ingestFile(edited, old);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(annotated! as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Chấm điểm')!;
    const rowOf = (code: string) => ws.getColumn(1).values.indexOf(code);
    for (const [code, points] of [
      ['I.2', 5],
      ['V.2', 3],
      ['V.3', 1.5],
    ] as const)
      ws.getCell(rowOf(code), 6).value = points;
    const completed = Buffer.from(await wb.xlsx.writeBuffer());
    const out = await ingestFile(edited, completed);
    expect(out.report.errors).toEqual([]);
    expect(out.report.status).toBe('accepted');
    expect(out.current).toBe(true);
  });

  it('outdated and for another period: the marked copy, not a template of this period', async () => {
    const old = await buildTemplate(bloc, 'H1', UNIT, fillFrom(inputs[UNIT]!));
    const out = await ingestFile(edited, old);
    expect(out.report.errors.map((p) => p.code)).toEqual(['PERIOD_MISMATCH', 'TEMPLATE_OUTDATED']);
    expect(await sheetNames(out.annotated!)).toContain(PROBLEMS_SHEET);
    expect(await sheetNames(out.annotated!)).not.toContain(CARRIED_SHEET);
  });

  it('a file of the current rubric with mistakes keeps its marked copy', async () => {
    const file = await buildTemplate(edited, 'Y', UNIT, fillFrom(inputs[UNIT]!, { 'I.2': { points: '6' } }));
    const out = await ingestFile(edited, file);
    expect(out.report.errors.map((p) => p.code)).toEqual(['SCORE_ABOVE_MAX', 'SCORE_ABOVE_MAX', 'VALUE_MISSING']);
    expect(await sheetNames(out.annotated!)).toContain(PROBLEMS_SHEET);
  });
});
