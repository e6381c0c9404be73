import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPeriodBloc } from './period-config.js';
import { memberOf, type Bloc } from '#shared/model/bloc.js';
import { buildTemplate } from '#shared/workbooks/template/template.js';
import { EXIT, UsageError } from './errors.js';
import { outputDir, outputFile } from './out-path.js';

export interface TemplateOptions {
  config: string;
  period: string;
  unit?: string;
  all?: boolean;
  out: string;
}

const unitsOf = (bloc: Bloc, o: TemplateOptions): string[] => {
  if (o.unit && o.all) throw new UsageError('chỉ dùng một trong hai: --unit hoặc --all');
  if (o.all) return bloc.groups.flatMap((g) => g.members.map((m) => m.code));
  if (!o.unit) throw new UsageError('thiếu --unit <mã đơn vị> (hoặc --all để tạo mẫu cho mọi đơn vị)');
  if (!memberOf(bloc, o.unit))
    throw new UsageError(`đơn vị "${o.unit}" không có trong cấu hình (có: ${bloc.groups.flatMap((g) => g.members.map((m) => m.code)).join(', ')})`);
  return [o.unit];
};

/** A member code as a file name. */
const fileName = (code: string): string => `${code.replace(/[\\/:*?"<>|\u0000-\u001F]/g, '_')}.xlsx`;

/** `bloc template`: one unit's submission workbook, or with --all one `<code>.xlsx` per member in --out. */
export const templateCommand = async (o: TemplateOptions): Promise<number> => {
  if (!o.out) throw new UsageError('thiếu --out');
  const bloc = await loadPeriodBloc(o.config, o.period);
  const units = unitsOf(bloc, o);
  if (o.all) await outputDir(o.out);
  else await outputFile(o.out);
  for (const unit of units) {
    const file = o.all ? join(o.out, fileName(unit)) : o.out;
    await writeFile(file, await buildTemplate(bloc, o.period, unit));
    process.stdout.write(`đã ghi ${file}\n`);
  }
  return EXIT.ok;
};
