import { readFile, writeFile } from 'node:fs/promises';
import { loadPeriodBloc } from './period-config.js';
import { computePeriod } from '#shared/scoring/period.js';
import { toRankingsJson } from '#shared/scoring/rankings-json.js';
import { readJsonInputs } from '#shared/validation/validate-inputs.js';
import { readJsonReviews } from '#shared/review/reviews-json.js';
import { isWarning, type Problem } from '#shared/model/problem.js';
import { EXIT, UsageError } from './errors.js';
import { jsonText } from '#shared/text/json-text.js';

export interface RankOptions {
  config: string;
  period: string;
  inputs: string;
  reviews?: string;
  out?: string;
}

const readJsonFile = async (file: string, what = 'số liệu'): Promise<unknown> => {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`không đọc được tệp ${what} ${file}: ${(e as Error).message}`);
  }
};

const printProblem = (p: Problem) => process.stderr.write(`${isWarning(p) ? 'cảnh báo' : 'lỗi'} ${p.code} ${p.cell ?? '-'}: ${p.message}\n`);

/** `bloc rank`: scoring alone, JSON inputs to rankings.json. */
export const rank = async (o: RankOptions): Promise<number> => {
  const bloc = await loadPeriodBloc(o.config, o.period);
  const inputs = readJsonInputs(bloc, await readJsonFile(o.inputs));
  const reviewDoc = o.reviews === undefined ? undefined : await readJsonFile(o.reviews, 'thẩm định');
  const reviews = reviewDoc === undefined ? { reviews: new Map(), problems: [] } : readJsonReviews(bloc, o.period, reviewDoc, inputs.values);
  const problems = [...inputs.problems, ...reviews.problems];
  problems.forEach(printProblem);
  if (problems.some((p) => !isWarning(p))) return EXIT.usage;
  const accepted = new Map(
    [...inputs.values].map(([unit, values]) => [unit, reviews.reviews.has(unit) ? { values, reviews: reviews.reviews.get(unit)! } : { values }]),
  );
  const json = jsonText(toRankingsJson(computePeriod(bloc, o.period, { accepted, rejected: new Set() })));
  if (o.out) await writeFile(o.out, json);
  else process.stdout.write(json);
  return EXIT.ok;
};
