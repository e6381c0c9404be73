import type { RawValue } from '../numbers/reading.js';
import { quote } from '../numbers/limits.js';
import { groupOf, type Bloc } from '../model/bloc.js';
import { allCriteria, inputKind, isPoolCriterion, type Rubric } from '../model/rubric.js';
import type { Located, RawEntry } from './raw-entry.js';
import { problem, type Problem } from '../model/problem.js';

/**
 * The JSON inputs of `bloc rank` (golden/inputs-Y.json): unit → criterion code → a decimal string
 * for points, or `{achieved, base}`, parsed into the raw entries a workbook gives, the JSON path
 * (`STP-QNG/I.2`) standing for the cell. Judged by validation/validate-inputs.ts.
 */
export interface ParsedInputs {
  /** By member, the raw entries of its group's rubric. */
  units: Map<string, { rubric: Rubric; entries: Map<string, RawEntry> }>;
  problems: Problem[];
}

const rawOf = (v: unknown): RawValue =>
  v === undefined || v === null
    ? { kind: 'empty' }
    : typeof v === 'number'
      ? { kind: 'number', value: v }
      : typeof v === 'string'
        ? { kind: 'text', text: v }
        : { kind: 'text', text: JSON.stringify(v) };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const located = (v: unknown, cell: string): Located => ({ raw: rawOf(v), cell });

const rawEntries = (rubric: Rubric, unit: string, input: Record<string, unknown>, out: Problem[]) => {
  const entries = new Map<string, RawEntry>();
  for (const c of allCriteria(rubric)) {
    const cell = `${unit}/${c.code}`;
    const v = input[c.code];
    if (v === undefined && isPoolCriterion(rubric, c.code)) continue;
    if (inputKind(c) === 'points') {
      entries.set(c.code, { cell, points: located(v, cell) });
      continue;
    }
    if (v !== undefined && !isObject(v)) {
      out.push(
        problem('VALUE_NOT_NUMBER', cell, `Tiêu chí ${c.code}: cần một đối tượng {"achieved", "base"}, không phải ${quote(JSON.stringify(v) ?? String(v))}.`),
      );
      continue;
    }
    const o = v ?? {};
    entries.set(c.code, {
      cell,
      achieved: located(o['achieved'], `${cell}/achieved`),
      ...(inputKind(c) === 'rate' && { base: located(o['base'], `${cell}/base`) }),
    });
  }
  const known = new Set(allCriteria(rubric).map((c) => c.code));
  for (const code of Object.keys(input))
    if (!known.has(code))
      out.push(problem('CRITERION_UNKNOWN', `${unit}/${code}`, `Mã tiêu chí "${quote(code)}" không có trong bảng tiêu chí ${rubric.id}; bỏ qua.`));
  return entries;
};

export const parseJsonInputs = (bloc: Bloc, doc: unknown): ParsedInputs => {
  const problems: Problem[] = [];
  const units: ParsedInputs['units'] = new Map();
  if (!isObject(doc)) {
    problems.push(problem('INPUT_INVALID', null, 'Tệp số liệu phải là một đối tượng JSON: mã đơn vị → số liệu theo mã tiêu chí.'));
    return { units, problems };
  }
  for (const [unit, input] of Object.entries(doc)) {
    const group = groupOf(bloc, unit);
    if (!group) {
      problems.push(problem('UNIT_UNKNOWN', unit, `"${quote(unit)}" không phải đơn vị thành viên của ${bloc.name}.`));
      continue;
    }
    if (!isObject(input)) {
      problems.push(problem('INPUT_INVALID', unit, `Số liệu của ${unit} phải là một đối tượng theo mã tiêu chí.`));
      continue;
    }
    units.set(unit, { rubric: group.rubric, entries: rawEntries(group.rubric, unit, input, problems) });
  }
  return { units, problems };
};
