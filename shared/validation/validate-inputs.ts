import type { Bloc } from '../model/bloc.js';
import type { Problem } from '../model/problem.js';
import type { Values } from '../model/submission.js';
import { parseJsonInputs } from '../submission/inputs-json.js';
import { readEntries } from './entries.js';

/** The JSON inputs of `bloc rank`, read with the same rules and codes as a workbook (SPEC §8). */
export interface JsonInputs {
  values: Map<string, Values>;
  problems: Problem[];
}

export const readJsonInputs = (bloc: Bloc, doc: unknown): JsonInputs => {
  const parsed = parseJsonInputs(bloc, doc);
  const problems = [...parsed.problems];
  const values = new Map<string, Values>();
  for (const [unit, { rubric, entries }] of parsed.units) {
    const read = readEntries(rubric, entries);
    problems.push(...read.problems);
    values.set(unit, read.values);
  }
  return { values, problems };
};
