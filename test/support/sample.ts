import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadBloc } from '#shared/config/load.js';
import type { Bloc } from '#shared/model/bloc.js';
import { buildTemplate, type TemplateFill } from '#shared/workbooks/template/template.js';
import { FIXTURE } from './rubric-builders.js';

export type GoldenInputs = Record<string, Record<string, string | { achieved: string; base?: string }>>;

export const sampleBloc = async (): Promise<Bloc> => (await loadBloc(join(FIXTURE, 'bloc.json'))).bloc;

export const goldenInputs = async (): Promise<GoldenInputs> => JSON.parse(await readFile(join(FIXTURE, 'golden/inputs-Y.json'), 'utf8'));

export const goldenRankings = async (): Promise<unknown> => JSON.parse(await readFile(join(FIXTURE, 'golden/rankings-Y.json'), 'utf8'));

/** The golden inputs of one unit as staff would type them into the template. */
export const fillFrom = (input: GoldenInputs[string], overrides: TemplateFill['entries'] = {}): TemplateFill => ({
  preparer: 'Nguyễn Văn An',
  preparedOn: '18/11/2025',
  entries: {
    ...Object.fromEntries(Object.entries(input).map(([code, v]) => [code, typeof v === 'string' ? { points: v } : v])),
    ...overrides,
  },
});

/** A filled workbook of the sample region for period Y. */
export const filledWorkbook = async (bloc: Bloc, unit: string, inputs: GoldenInputs, overrides?: TemplateFill['entries']) =>
  buildTemplate(bloc, 'Y', unit, fillFrom(inputs[unit]!, overrides));
