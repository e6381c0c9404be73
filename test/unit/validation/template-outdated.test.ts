/** SPEC §6 TEMPLATE_OUTDATED: a file whose `Mã phiên bản mẫu` names another version of the unit's rubric. */
import { describe, expect, it } from 'vitest';
import { rubricFingerprint } from '#shared/config/fingerprint.js';
import { setCell, type Grid } from '#shared/grid/grid.js';
import type { Bloc } from '#shared/model/bloc.js';
import type { RawValue } from '#shared/numbers/reading.js';
import { validateGrid } from '#shared/validation/validate-grid.js';
import { submissionGrid, testBloc, testRubric, validEntries, type SubmissionSpec } from '../../support/workbooks.js';

const OLD = '0123456789ab';

/** A submission grid of the test bloc with `Mã phiên bản mẫu` (as the label is written) and a value on row 12 of Thông tin. */
const withVersion = (spec: SubmissionSpec, value: RawValue | null, label = 'Mã phiên bản mẫu'): Grid => {
  const grid = submissionGrid(spec);
  const info = grid.sheets.find((s) => s.name === 'Thông tin')!;
  setCell(info, 12, 1, { kind: 'text', text: label });
  if (value) setCell(info, 12, 2, value);
  return grid;
};

const codes = (bloc: Bloc, grid: Grid, opts = {}) => {
  const v = validateGrid(bloc, 'P', grid, opts);
  return { errors: v.errors.map((p) => [p.code, p.cell]), warnings: v.warnings.map((p) => p.code), v };
};

/** Mistakes that, read against the rubric, give CRITERION_MISSING, SCORE_ABOVE_MAX, VALUE_NOT_NUMBER and CRITERION_UNKNOWN. */
const CASCADE: SubmissionSpec = {
  entries: { ...validEntries(), 'I.2': { points: 9 }, 'II.2': null, 'C.1': { points: 'tám' } },
  extraRows: [{ code: 'I.7', points: 3 }],
};

describe('validateGrid: the template version', () => {
  it('the current fingerprint: no problem; the values are read', () => {
    const bloc = testBloc();
    const { errors, warnings, v } = codes(bloc, withVersion({}, { kind: 'text', text: rubricFingerprint(bloc.groups[0]!.rubric) }));
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(Object.keys(v.values).sort()).toEqual(['C.1', 'D.1', 'I.1', 'I.2', 'II.1', 'II.2']);
    // The version is not one of the §5 labels reported as info.
    expect(Object.keys(v.info)).not.toContain('ma phien ban mau');
  });

  it('compared as text: case, spaces, NFD and a label without diacritics do not matter', () => {
    const bloc = testBloc();
    const fp = rubricFingerprint(bloc.groups[0]!.rubric);
    expect(codes(bloc, withVersion({}, { kind: 'text', text: ` ${fp.toUpperCase()} ` }, 'MA PHIEN BAN MAU:')).errors).toEqual([]);
    expect(codes(bloc, withVersion({}, { kind: 'text', text: OLD }, 'Mã phiên bản mẫu'.normalize('NFD'))).errors.map(([c]) => c)).toEqual([
      'TEMPLATE_OUTDATED',
    ]);
  });

  it('another fingerprint: one TEMPLATE_OUTDATED at the value cell, none of the cascade, lateness still said', () => {
    const bloc = testBloc();
    const late = { receivedAt: new Date('2030-12-05T03:00:00Z') };
    // The same mistakes without the label: what today's reading says.
    expect(codes(bloc, submissionGrid(CASCADE)).errors.map(([c]) => c)).toEqual(
      expect.arrayContaining(['CRITERION_MISSING', 'SCORE_ABOVE_MAX', 'VALUE_NOT_NUMBER']),
    );
    const { errors, warnings, v } = codes(bloc, withVersion(CASCADE, { kind: 'text', text: OLD }), late);
    expect(errors).toEqual([['TEMPLATE_OUTDATED', 'Thông tin!B12']]);
    expect(warnings).toEqual(['LATE']);
    expect(v.unit).toBe('U1');
    expect(v.values).toEqual({});
    const message = v.errors[0]!.message;
    expect(message).toContain(`Tệp được lập từ mẫu biểu cũ (phiên bản ${OLD})`);
    expect(message).toContain('bảng tiêu chí "r-test"');
    expect(message).toContain(rubricFingerprint(bloc.groups[0]!.rubric));
    expect(message).toContain('Hãy tải mẫu mới');
    expect(message).toContain('các số đã nhập được chép sang mẫu mới kèm theo');
  });

  it('another fingerprint with Thông tin mistakes: those are said too, and only those', () => {
    const { errors } = codes(testBloc(), withVersion({ ...CASCADE, info: { period: 'H1', year: 2029, preparer: '' } }, { kind: 'text', text: OLD }));
    expect(errors).toEqual([
      ['YEAR_MISMATCH', 'Thông tin!B4'],
      ['PERIOD_MISMATCH', 'Thông tin!B5'],
      ['TEMPLATE_OUTDATED', 'Thông tin!B12'],
    ]);
  });

  it('no label, or the label left empty: judged as before (older templates, other programs)', () => {
    const bloc = testBloc();
    const before = codes(bloc, submissionGrid(CASCADE));
    expect(before.errors.length).toBeGreaterThan(2);
    expect(codes(bloc, withVersion(CASCADE, null)).errors).toEqual(before.errors);
    expect(codes(bloc, withVersion(CASCADE, { kind: 'text', text: '  ' })).errors).toEqual(before.errors);
    expect(codes(bloc, withVersion({}, null)).errors).toEqual([]);
  });

  it('a file of another rubric or an unknown unit is RUBRIC_MISMATCH / UNIT_UNKNOWN, not outdated', () => {
    const bloc = testBloc();
    const otherRubric = codes(bloc, withVersion({ info: { rubric: 'r-khac' } }, { kind: 'text', text: OLD })).errors.map(([c]) => c);
    expect(otherRubric).toEqual(['RUBRIC_MISMATCH']);
    const unknown = codes(bloc, withVersion({ info: { unit: 'U9' } }, { kind: 'text', text: OLD })).errors.map(([c]) => c);
    expect(unknown).toEqual(['UNIT_UNKNOWN']);
  });

  it('the fingerprint follows the rubric the bloc holds now, not the one the grid was laid out from', () => {
    const bloc = testBloc();
    const fp = rubricFingerprint(testRubric());
    bloc.groups[0]!.rubric.sections[0]!.criteria[1]!.max = 500n; // I.2: 6 → 5
    expect(codes(bloc, withVersion({}, { kind: 'text', text: fp })).errors).toEqual([['TEMPLATE_OUTDATED', 'Thông tin!B12']]);
  });
});
