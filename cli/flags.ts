import type { Command } from 'commander';
import { EXIT } from './errors.js';

/** Registers `bloc flags`; its modules load on use (the local store, the AWS SDK). */
export const registerFlags = (cli: Command, run: (task: () => Promise<number>) => Promise<void>): void => {
  cli
    .command('flags')
    .description('Liệt kê các dấu hiệu cần xem lại trong bản tự chấm hiện hành của các đơn vị (không làm thay đổi điểm)')
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--data <dir>', 'dữ liệu DynamoDB/S3 cục bộ (như bloc run --data)')
    .action((o: FlagsOptions) => run(() => flagsCommand(o)));
};

export interface FlagsOptions {
  config: string;
  period: string;
  data?: string;
}

/** `bloc flags`: what looks wrong in the current submissions of a period, for the lead and the reviewers. */
export const flagsCommand = async (o: FlagsOptions): Promise<number> => {
  const { loadPeriodBloc } = await import('./period-config.js');
  const { countFlags, formatFlag } = await import('#shared/insight/flags.js');
  const { factsOfState, periodFlags, previousPeriodId, resultOfState } = await import('#shared/insight/period.js');
  const { computePeriod } = await import('#shared/scoring/period.js');
  const { effectiveReviews } = await import('#shared/review/effective.js');
  const { inputsOf, ledgerState, reviewRecordsOf, votesOf } = await import('#shared/pipeline/recompute.js');
  const { periodKey } = await import('#shared/pipeline/period-key.js');
  const { withEmbedded } = await import('./run.js');
  const bloc = await loadPeriodBloc(o.config, o.period);
  return withEmbedded(o.data, async (env) => {
    const key = periodKey(bloc, o.period);
    const [state, ledger] = await Promise.all([env.store.state(key), ledgerState(env, key)]);
    // As recompute scores the period: the reviews in force and the votes count.
    const reviews = effectiveReviews(bloc, o.period, reviewRecordsOf(ledger.reviewVersions));
    const result = computePeriod(bloc, o.period, inputsOf(bloc, state, reviews, votesOf(bloc, ledger.decisions)));
    const prevId = previousPeriodId(bloc, o.period);
    const prevState = prevId ? await env.store.state(periodKey(bloc, prevId)) : undefined;
    const previous = prevId && prevState?.current.length ? resultOfState(bloc, prevId, prevState) : undefined;
    const flags = periodFlags(result, factsOfState(state, await env.store.versions(key), reviews), previous);
    const lines: string[] = [];
    for (const g of bloc.groups) {
      const units = new Set(g.members.map((m) => m.code));
      const mine = flags.filter((f) => units.has(f.unit));
      lines.push(`Khối ${g.id} (${g.name}): ${mine.length} dấu hiệu cần xem lại`);
      for (const f of mine) lines.push(`  ${f.unit}  ${formatFlag(f)}`);
    }
    const counts = [...countFlags(flags)].map(([unit, c]) => `${unit} ${c.total}`);
    lines.push(counts.length ? `Theo đơn vị: ${counts.join(', ')}` : 'Không có dấu hiệu nào cần xem lại.');
    lines.push('(Các dấu hiệu không làm thay đổi điểm.)');
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
};
