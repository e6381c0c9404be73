import type { Command } from 'commander';
import { runPair, type RunPair } from '#shared/insight/runs.js';
import type { PublicationRecord } from '#shared/store/ledger-port.js';
import type { RunRecord } from '#shared/store/ports.js';
import { EXIT, UsageError } from './errors.js';

/** Registers `bloc explain`; its modules load on use (the local store, the AWS SDK). */
export const registerExplain = (cli: Command, run: (task: () => Promise<number>) => Promise<void>): void => {
  cli
    .command('explain')
    .description('Giải thích vì sao xếp hạng thay đổi giữa hai lần tính (mặc định: lần tính mới nhất so với lần trước đó)')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--data <dir>', 'dữ liệu DynamoDB/S3 cục bộ (như bloc run --data)')
    .option('--from <run>', 'mã lần tính trước (mặc định: lần công bố gần nhất, nếu không có thì lần ngay trước --to)')
    .option('--to <run>', 'mã lần tính sau (mặc định: lần mới nhất)')
    .action((o: ExplainOptions) => run(() => explainCommand(o)));
};

export interface ExplainOptions {
  config: string;
  period: string;
  data?: string;
  from?: string;
  to?: string;
}

/**
 * The runs to compare: `--to` (default the latest) against `--from` (default the run of the last
 * publication when older than `--to`, else the run before `--to`).
 */
export const pickRuns = (runs: RunRecord[], o: { from?: string; to?: string }, publications: readonly PublicationRecord[] = []): RunPair | null => {
  const find = (id: string, flag: string) => {
    const run = runs.find((r) => r.runId === id);
    if (!run)
      throw new UsageError(`${flag} "${id}" không phải lần tính nào của đợt này (có: ${runs.map((r) => r.runId).join(', ') || 'chưa có lần tính nào'})`);
    return run;
  };
  return runPair(runs, publications, { ...(o.to && { to: find(o.to, '--to') }), ...(o.from && { from: find(o.from, '--from') }) });
};

/** `bloc explain`: why the ranking changed between two recomputations of a period. */
export const explainCommand = async (o: ExplainOptions): Promise<number> => {
  const { loadPeriodBloc } = await import('./period-config.js');
  const { explain, formatExplanation } = await import('#shared/insight/explain.js');
  const { readRunSnapshot } = await import('#shared/insight/period.js');
  const { pairText } = await import('#shared/insight/runs.js');
  const { periodKey } = await import('#shared/pipeline/period-key.js');
  const { withEmbedded } = await import('./run.js');
  const bloc = await loadPeriodBloc(o.config, o.period);
  return withEmbedded(o.data, async (env) => {
    const key = periodKey(bloc, o.period);
    const [runs, publications] = await Promise.all([env.store.runs(key), env.ledger.publications(key)]);
    const pair = pickRuns(runs, o, publications);
    if (!pair) {
      process.stdout.write(`Chưa có hai lần tính của đợt ${o.period} để so sánh (có ${runs.length} lần tính).\n`);
      return EXIT.ok;
    }
    const [before, after] = await Promise.all([readRunSnapshot(env.blobs, pair.from), readRunSnapshot(env.blobs, pair.to)]);
    const ex = explain(
      before,
      after,
      bloc.groups.map((g) => g.id),
    );
    process.stdout.write(`${[pairText(pair, !!o.to), ...formatExplanation(ex)].join('\n')}\n`);
    return EXIT.ok;
  });
};
