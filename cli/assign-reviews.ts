/**
 * `bloc assign-reviews --config B --period P [--per-unit N]` (SPEC §10): proposes cross-reviewers and
 * prints `{"reviewers": {…}}`, the JSON to put in that period of `bloc.json`; exit 2 with the reason
 * when a group cannot be assigned. Registered by cli/main.ts; its modules load on use.
 */
import type { Command } from 'commander';
import { EXIT, UsageError } from './errors.js';

export interface AssignReviewsOptions {
  config: string;
  period: string;
  perUnit?: string;
}

const perUnitOf = (text: string | undefined): number => {
  if (text === undefined) return 1;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw new UsageError(`--per-unit phải là số nguyên dương, không phải "${text}"`);
  return Number(text);
};

export const assignReviewsCommand = async (o: AssignReviewsOptions): Promise<number> => {
  const perUnit = perUnitOf(o.perUnit);
  const [{ loadPeriodBloc }, { assignReviewers }, { jsonText }] = await Promise.all([
    import('./period-config.js'),
    import('#shared/review/assign.js'),
    import('#shared/text/json-text.js'),
  ]);
  const bloc = await loadPeriodBloc(o.config, o.period);
  const result = assignReviewers(bloc, perUnit);
  if (!result.ok) {
    for (const f of result.failures) process.stderr.write(`lỗi: ${f.reason}\n`);
    return EXIT.usage;
  }
  process.stdout.write(jsonText({ reviewers: result.reviewers }));
  return EXIT.ok;
};

export const registerAssignReviews = (cli: Command, run: (task: () => Promise<number>) => Promise<void>): void => {
  cli
    .command('assign-reviews')
    .description('Đề xuất phân công chấm chéo: mỗi đơn vị thẩm định N đơn vị cùng khối, khác địa bàn; in JSON "reviewers" để đưa vào đợt trong bloc.json')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--per-unit <n>', 'số đơn vị mỗi đơn vị thẩm định (mặc định 1)')
    .action((o: AssignReviewsOptions) => run(() => assignReviewsCommand(o)));
};
