/**
 * `bloc review-template --config B --period P --reviewer CODE --out F.xlsx [--data DIR]` (SPEC §10):
 * the review workbook of one reviewer, made from the current accepted versions of the units it may
 * review (the lead: every other member; an assigned reviewer: `periods[].reviewers[CODE]`), read
 * from the local store like `bloc run`. Exit 2 with the reason for an unknown reviewer, a reviewer
 * with nothing assigned, or when none of its units has an accepted version yet. Registered by
 * cli/main.ts; its modules load on use.
 */
import type { Command } from 'commander';
import { EXIT, UsageError } from './errors.js';
import { example } from './help.js';

export interface ReviewTemplateOptions {
  config: string;
  period: string;
  reviewer: string;
  out: string;
  data?: string;
}

export const reviewTemplateCommand = async (o: ReviewTemplateOptions): Promise<number> => {
  const [{ loadPeriodBloc }, { memberOf, findPeriod }, { outputFile }, review] = await Promise.all([
    import('./period-config.js'),
    import('#shared/model/bloc.js'),
    import('./out-path.js'),
    import('#shared/workbooks/review/review-workbook.js'),
  ]);
  const bloc = await loadPeriodBloc(o.config, o.period);
  const period = findPeriod(bloc, o.period)!;
  const members = bloc.groups.flatMap((g) => g.members.map((m) => m.code));
  if (!memberOf(bloc, o.reviewer)) throw new UsageError(`đơn vị thẩm định "${o.reviewer}" không có trong cấu hình (có: ${members.join(', ')})`);
  const units = review.reviewableUnits(bloc, period, o.reviewer);
  if (!units.length)
    throw new UsageError(
      `${o.reviewer} không phải trưởng khối (${bloc.lead}) và không được phân công thẩm định đơn vị nào trong đợt ${o.period} (xem "reviewers" của đợt trong bloc.json, hoặc bloc assign-reviews)`,
    );
  await outputFile(o.out);
  const [{ withEmbedded }, { periodKey }, { decodeValues }, { writeFile }] = await Promise.all([
    import('./run.js'),
    import('#shared/pipeline/period-key.js'),
    import('#shared/store/codec.js'),
    import('node:fs/promises'),
  ]);
  const { latestRunFlags } = await import('#shared/insight/period.js');
  const key = periodKey(bloc, o.period);
  const [state, flags] = await withEmbedded(o.data, (env) => Promise.all([env.store.state(key), latestRunFlags(env, key)]));
  const current = state.current
    .filter((c) => units.includes(c.unit))
    .map((c) => ({ unit: c.unit, uploadId: c.uploadId, receivedAt: c.receivedAt, values: decodeValues(c.values) }));
  if (!current.length)
    throw new UsageError(
      `chưa có bản nộp nào được tiếp nhận của các đơn vị ${o.reviewer} thẩm định (${units.join(', ')}) trong đợt ${o.period}: hãy chạy bloc run trước (cùng --data)`,
    );
  await writeFile(o.out, await review.buildReviewWorkbook(bloc, o.period, o.reviewer, current, { flags }));
  const missing = units.filter((u) => !current.some((c) => c.unit === u));
  process.stdout.write(`đã ghi ${o.out}: ${current.length} đơn vị${missing.length ? ` (chưa có bản nộp: ${missing.join(', ')})` : ''}\n`);
  return EXIT.ok;
};

export const registerReviewTemplate = (cli: Command, run: (task: () => Promise<number>) => Promise<void>): void => {
  cli
    .command('review-template')
    .description('Tạo tệp thẩm định cho một đơn vị thẩm định: mỗi đơn vị được thẩm định một sheet, từ bản nộp đang có hiệu lực')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .requiredOption('--reviewer <code>', 'mã đơn vị thẩm định (trưởng khối hoặc đơn vị được phân công chấm chéo)')
    .requiredOption('--out <file>', 'tệp .xlsx')
    .option('--data <dir>', 'dữ liệu DynamoDB/S3 cục bộ của bloc run')
    .addHelpText('after', example('npx bloc review-template --config bloc.json --period Y --reviewer THADS-KHA --out tham-dinh.xlsx --data .bloc/'))
    .action((o: ReviewTemplateOptions) => run(() => reviewTemplateCommand(o)));
};
