import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeFor } from './errors.js';
import { registerExplain } from './explain.js';
import { registerFlags } from './flags.js';

/** Commands load their modules on use, so `bloc rank` never loads exceljs or the AWS SDK. */
const program = (run: (task: () => Promise<number>) => Promise<void>): Command => {
  const cli = new Command('bloc')
    .description('Chấm điểm, xếp hạng thi đua khối / cụm thi đua')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  cli
    .command('rank')
    .description('Chấm điểm và xếp hạng từ số liệu JSON, ghi rankings.json')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .requiredOption('--inputs <file>', 'số liệu các đơn vị (JSON)')
    .option('--out <file>', 'tệp kết quả (mặc định: stdout)')
    .action((o) => run(async () => (await import('./rank.js')).rank(o)));
  cli
    .command('run')
    .description('Tiếp nhận mọi tệp trong thư mục (và các bảng tính Google đã đăng ký), xếp hạng, ghi bảng tổng hợp, rankings.json và báo cáo từng tệp')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--in <dir>', 'thư mục các tệp đã nộp (bắt buộc nếu không có --sheets)')
    .option('--sheets <file>', 'sheets.json: bảng tính Google đăng ký theo đợt và đơn vị, được lấy về cùng các tệp (khóa tài khoản dịch vụ: biến BLOC_GOOGLE_KEY_FILE)')
    .requiredOption('--out <dir>', 'thư mục kết quả')
    .option('--received-at <iso-time>', 'thời điểm nhận các tệp (để xét nộp muộn)')
    .option('--data <dir>', 'giữ dữ liệu DynamoDB/S3 cục bộ tại đây giữa các lần chạy')
    .action((o) => run(async () => (await import('./run.js')).run(o)));
  cli
    .command('template')
    .description('Tạo biểu mẫu tự chấm điểm cho một đơn vị (--unit) hoặc mọi đơn vị (--all)')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--unit <code>', 'mã đơn vị')
    .option('--all', 'mọi đơn vị, mỗi đơn vị một tệp <mã>.xlsx')
    .requiredOption('--out <path>', 'tệp .xlsx (với --unit) hoặc thư mục (với --all)')
    .action((o) => run(async () => (await import('./template.js')).templateCommand(o)));
  cli
    .command('demo')
    .description('Chạy thử toàn bộ quy trình trên khối mẫu với DynamoDB và S3 cục bộ')
    .option('--out <dir>', 'thư mục kết quả', 'bloc-demo')
    .option('--data <dir>', 'giữ dữ liệu DynamoDB/S3 cục bộ tại đây')
    .action((o) => run(async () => (await import('./demo.js')).demo(o)));
  registerExplain(cli, run);
  registerFlags(cli, run);
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
