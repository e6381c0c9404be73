import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { describeJsonError } from '#shared/text/json-position.js';
import { EXIT, UsageError, exitCodeFor } from './errors.js';
import { checkOutputFile } from './out-path.js';
import { example, vietnameseError, vietnameseHelp } from './help.js';
import { registerAssignReviews } from './assign-reviews.js';
import { registerExplain } from './explain.js';
import { registerFlags } from './flags.js';
import { registerReviewTemplate } from './review-template.js';
import { registerServe } from './serve.js';
import { registerAudit } from './audit.js';

/** The version of package.json (read, not imported: the bin runs this file through tsx). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Invalid JSON in --inputs is a usage error with its line and column (the rest of the checks are `bloc rank`'s). */
const checkJsonFile = async (file: string, flag: string): Promise<void> => {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return; // unreadable: `rank` says so
  const json = text.replace(/^\uFEFF/, '');
  try {
    JSON.parse(json);
  } catch (e) {
    throw new UsageError(`${flag} ${file} không phải JSON hợp lệ, ${describeJsonError(json, e)}`);
  }
};

/** Commands load their modules on use, so `bloc rank` never loads exceljs or the AWS SDK. */
export const program = (run: (task: () => Promise<number>) => Promise<void>): Command => {
  const cli = new Command('bloc')
    .description('Chấm điểm, xếp hạng thi đua khối / cụm thi đua')
    .exitOverride()
    .configureHelp(vietnameseHelp)
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(vietnameseError(s)),
    })
    .showHelpAfterError('(thêm --help để xem hướng dẫn và ví dụ)')
    .helpOption('-h, --help', 'hiển thị hướng dẫn')
    .helpCommand('help [lệnh]', 'hiển thị hướng dẫn của một lệnh')
    .version(VERSION, '-V, --version', 'in số phiên bản');
  cli.addHelpText('after', example('npx bloc demo', 'npx bloc run --config bloc.json --period Y --in hop-thu/ --out ket-qua/', 'npx bloc run --help'));
  cli
    .command('rank')
    .description('Chấm điểm và xếp hạng từ số liệu JSON, ghi rankings.json')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .requiredOption('--inputs <file>', 'số liệu các đơn vị (JSON)')
    .option('--reviews <file>', 'kết quả thẩm định (JSON): đơn vị → tiêu chí → giá trị, "reviewer", "reason"')
    .option('--out <file>', 'tệp kết quả (không có: in ra stdout)')
    .addHelpText(
      'after',
      example('npx bloc rank --config templates/ntb-tn-2025/bloc.json --period Y --inputs templates/ntb-tn-2025/golden/inputs-Y.json --out rankings.json'),
    )
    .action((o) =>
      run(async () => {
        await checkJsonFile(o.inputs, '--inputs');
        if (o.out) await checkOutputFile(o.out);
        return (await import('./rank.js')).rank(o);
      }),
    );
  cli
    .command('run')
    .description('Tiếp nhận mọi tệp trong thư mục (và các bảng tính Google đã đăng ký), xếp hạng, ghi bảng tổng hợp, rankings.json và báo cáo từng tệp')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--in <dir>', 'thư mục các tệp đã nộp (bắt buộc nếu không có --sheets); tệp được xét theo thời điểm sửa đổi, rồi theo tên')
    .option(
      '--sheets <file>',
      'sheets.json: bảng tính Google đăng ký theo đợt và đơn vị, được lấy về cùng các tệp (khóa tài khoản dịch vụ: biến BLOC_GOOGLE_KEY_FILE)',
    )
    .requiredOption('--out <dir>', 'thư mục kết quả')
    .option('--received-at <iso-time>', 'thời điểm nhận các tệp (để xét nộp muộn); không được ở tương lai hay trước ngày bắt đầu của đợt')
    .option('--data <dir>', 'giữ dữ liệu DynamoDB/S3 cục bộ tại đây giữa các lần chạy (tệp không đổi sẽ không lưu lại)')
    .option('--actor <name>', 'người thực hiện, ghi vào nhật ký (mặc định: người dùng hệ điều hành)')
    .addHelpText(
      'after',
      example(
        'npx bloc run --config bloc.json --period Y --in hop-thu/ --out ket-qua/ --data .bloc/',
        'npx bloc run --config bloc.json --period Y --in hop-thu/ --out ket-qua/ --received-at 2025-11-21T08:00:00+07:00',
      ),
    )
    .action((o) => run(async () => (await import('./run.js')).run(o)));
  cli
    .command('template')
    .description('Tạo biểu mẫu tự chấm điểm cho một đơn vị (--unit) hoặc mọi đơn vị (--all)')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--unit <code>', 'mã đơn vị')
    .option('--all', 'mọi đơn vị, mỗi đơn vị một tệp <mã>.xlsx')
    .requiredOption('--out <path>', 'tệp .xlsx (với --unit) hoặc thư mục (với --all)')
    .addHelpText(
      'after',
      example(
        'npx bloc template --config bloc.json --period Y --unit STP-KHA --out STP-KHA.xlsx',
        'npx bloc template --config bloc.json --period Y --all --out bieu-mau/',
      ),
    )
    .action((o) => run(async () => (await import('./template.js')).templateCommand(o)));
  cli
    .command('demo')
    .description('Chạy thử toàn bộ quy trình trên khối mẫu với DynamoDB và S3 cục bộ')
    .option('--out <dir>', 'thư mục kết quả', 'bloc-demo')
    .option('--data <dir>', 'giữ dữ liệu DynamoDB/S3 cục bộ tại đây')
    .addHelpText('after', example('npx bloc demo', 'npx bloc demo --out /tmp/bloc-demo'))
    .action((o) => run(async () => (await import('./demo.js')).demo(o)));
  registerAssignReviews(cli, run);
  registerExplain(cli, run);
  registerFlags(cli, run);
  registerReviewTemplate(cli, run);
  registerServe(cli, run);
  registerAudit(cli, run);
  return cli;
};

/** Runs the command line and returns the exit code (0 done, 1 failed, 2 bad arguments or configuration). */
export const main = async (argv: string[]): Promise<number> => {
  let code: number = EXIT.ok;
  const cli = program(async (task) => {
    try {
      code = await task();
    } catch (e) {
      code = exitCodeFor(e);
    }
  });
  try {
    await cli.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return exitCodeFor(e);
  }
  return code;
};
