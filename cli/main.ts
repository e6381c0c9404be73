import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeFor } from './errors.js';
import { rank } from './rank.js';

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
    .action((o) => run(() => rank(o)));
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
