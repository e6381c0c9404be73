/**
 * The lead's commands after self-scoring (SPEC §10), each on the local store (`--data DIR`) and
 * audited with `--actor` (default the OS user):
 *   bloc decide  --config B --period P --accept-late UPLOAD_ID --reason …
 *   bloc decide  --config B --period P --vote AWARD --winners U1[,U2] --reason …
 *   bloc review  --config B --period P --reviews REVIEWS.json        (reviews as `bloc rank --reviews`)
 *   bloc publish --config B --period P
 *   bloc reopen  --config B --period P --reason …
 *   bloc log     --config B --period P
 * Registered by cli/main.ts; modules load on use.
 */
import type { Command } from 'commander';
import { EXIT, UsageError } from './errors.js';
import { actorOf } from './actor.js';

export interface AuditOptions {
  config: string;
  period: string;
  data?: string;
  actor?: string;
  acceptLate?: string;
  vote?: string;
  winners?: string;
  reason?: string;
  reviews?: string;
}

type Work = (ctx: {
  deps: import('#shared/pipeline/decisions.js').LedgerDeps;
  bloc: import('#shared/model/bloc.js').Bloc;
  now: Date;
  actor: string;
}) => Promise<number>;

/** Loads the configuration, starts the local store, notes a configuration change, runs `work`; a refused step exits 2 with its reason. */
const withPeriod = async (o: AuditOptions, work: Work, opts: { readOnly?: boolean } = {}): Promise<number> => {
  const [{ loadPeriodBloc }, { withEmbedded }, { noteConfiguration }, { periodKey }, { DecisionRefused }] = await Promise.all([
    import('./period-config.js'),
    import('./run.js'),
    import('#shared/pipeline/audit.js'),
    import('#shared/pipeline/period-key.js'),
    import('#shared/pipeline/decisions.js'),
  ]);
  const bloc = await loadPeriodBloc(o.config, o.period);
  const actor = actorOf(o.actor);
  return withEmbedded(o.data, async (env) => {
    const deps = { ...env, actor };
    const now = new Date();
    if (!opts.readOnly) await noteConfiguration(env.ledger, periodKey(bloc, o.period), bloc, actor, now);
    try {
      return await work({ deps, bloc, now, actor });
    } catch (e) {
      if (e instanceof DecisionRefused) {
        process.stderr.write(`lỗi: ${e.message}\n`);
        return EXIT.usage;
      }
      throw e;
    }
  });
};

const printWarnings = (warnings: { code: string; message: string }[]) => {
  for (const w of warnings) process.stderr.write(`cảnh báo ${w.code}: ${w.message}\n`);
};

export const decideCommand = async (o: AuditOptions): Promise<number> => {
  if (!!o.acceptLate === !!o.vote) throw new UsageError('cần đúng một trong --accept-late <mã phiên bản> hoặc --vote <danh hiệu>');
  if (!o.reason?.trim()) throw new UsageError('cần --reason <lý do>');
  if (o.vote && !o.winners?.trim()) throw new UsageError('--vote cần --winners <đơn vị>[,<đơn vị>]');
  const { acceptLate, recordVote } = await import('#shared/pipeline/decisions.js');
  return withPeriod(o, async ({ deps, bloc, now, actor }) => {
    if (o.acceptLate) {
      const out = await acceptLate(deps, bloc, o.period, { uploadId: o.acceptLate.trim(), reason: o.reason!, actor, now });
      printWarnings(out.warnings);
      process.stdout.write(
        `Đã tiếp nhận tệp nộp muộn ${o.acceptLate} của ${out.decision.kind === 'accept-late' ? out.decision.unit : ''}${out.current ? ': phiên bản này được tính.' : ': đơn vị đã có phiên bản nhận sau, phiên bản đó vẫn được tính.'}\n`,
      );
      return EXIT.ok;
    }
    const winners = o
      .winners!.split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    printWarnings((await recordVote(deps, bloc, o.period, { award: o.vote!.trim(), winners, reason: o.reason!, actor, now })).warnings);
    process.stdout.write(`Đã ghi nhận kết quả biểu quyết ${o.vote}: ${winners.join(', ')}.\n`);
    return EXIT.ok;
  });
};

export const reviewCommand = async (o: AuditOptions): Promise<number> => {
  const [{ readFile }, { basename }, { ingestJsonReviews }, { timeSortableId }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('#shared/pipeline/ingest-reviews.js'),
    import('#shared/store/keys.js'),
  ]);
  const bytes = await readFile(o.reviews!).catch(() => {
    throw new UsageError(`không đọc được --reviews ${o.reviews}`);
  });
  return withPeriod(o, async ({ deps, bloc, now }) => {
    const uploadId = timeSortableId(now, `review-${Date.now().toString(36)}`);
    const { report } = await ingestJsonReviews(deps, bloc, o.period, { file: basename(o.reviews!), uploadId, receivedAt: now, bytes: new Uint8Array(bytes) });
    for (const p of [...report.errors, ...report.warnings]) process.stderr.write(`${p.code}${p.cell ? ` ${p.cell}` : ''}: ${p.message}\n`);
    process.stdout.write(
      report.status === 'accepted'
        ? `Đã tiếp nhận thẩm định ${report.units.join(', ')} (phiên bản ${uploadId}).\n`
        : `Từ chối tệp thẩm định (${report.errors.length} lỗi).\n`,
    );
    return report.status === 'accepted' ? EXIT.ok : EXIT.usage;
  });
};

export const publishCommand = async (o: AuditOptions): Promise<number> => {
  const { publish } = await import('#shared/pipeline/decisions.js');
  return withPeriod(o, async ({ deps, bloc, now, actor }) => {
    const pub = await publish(deps, bloc, o.period, { actor, now });
    process.stdout.write(`Đã công bố kết quả lần ${pub.n}:\n  ${pub.rankingsKey}\n  ${pub.summaryKey}\n`);
    return EXIT.ok;
  });
};

export const reopenCommand = async (o: AuditOptions): Promise<number> => {
  if (!o.reason?.trim()) throw new UsageError('cần --reason <lý do>');
  const { reopen } = await import('#shared/pipeline/decisions.js');
  return withPeriod(o, async ({ deps, bloc, now, actor }) => {
    const out = await reopen(deps, bloc, o.period, { reason: o.reason!, actor, now });
    process.stdout.write(`Đã mở lại kết quả công bố lần ${out.publication}; lần công bố đó vẫn được lưu.\n`);
    return EXIT.ok;
  });
};

export const logCommand = async (o: AuditOptions): Promise<number> => {
  const [{ periodKey }, { auditLines }] = await Promise.all([import('#shared/pipeline/period-key.js'), import('#shared/workbooks/summary/audit-log.js')]);
  return withPeriod(
    o,
    async ({ deps, bloc }) => {
      const log = await deps.ledger.log(periodKey(bloc, o.period));
      process.stdout.write(log.length ? `${auditLines(log, bloc.timezone).join('\n')}\n` : 'Nhật ký trống.\n');
      return EXIT.ok;
    },
    { readOnly: true },
  );
};

type Runner = (task: () => Promise<number>) => Promise<void>;

const common = (c: Command): Command =>
  c
    .requiredOption('--config <file>', 'tệp bloc.json')
    .requiredOption('--period <id>', 'mã đợt, ví dụ Y')
    .option('--data <dir>', 'dữ liệu DynamoDB/S3 cục bộ (như bloc run --data)')
    .option('--actor <name>', 'người thực hiện, ghi vào nhật ký (mặc định: người dùng hệ điều hành)');

export const registerAudit = (cli: Command, run: Runner): void => {
  common(cli.command('decide').description('Quyết định của trưởng khối: tiếp nhận tệp nộp muộn, hoặc ghi kết quả biểu quyết'))
    .option('--accept-late <uploadId>', 'mã phiên bản của tệp nộp muộn đang chờ')
    .option('--vote <award>', 'danh hiệu được biểu quyết')
    .option('--winners <units>', 'các đơn vị trúng, cách nhau bởi dấu phẩy')
    .option('--reason <text>', 'lý do (bắt buộc)')
    .action((o: AuditOptions) => run(() => decideCommand(o)));
  common(cli.command('review').description('Tiếp nhận kết quả thẩm định (JSON như bloc rank --reviews)'))
    .requiredOption('--reviews <file>', 'tệp thẩm định JSON')
    .action((o: AuditOptions) => run(() => reviewCommand(o)));
  common(cli.command('publish').description('Công bố kết quả: sao chép rankings.json và bảng tổng hợp vào published/…')).action((o: AuditOptions) =>
    run(() => publishCommand(o)),
  );
  common(cli.command('reopen').description('Mở lại kết quả đã công bố'))
    .requiredOption('--reason <text>', 'lý do')
    .action((o: AuditOptions) => run(() => reopenCommand(o)));
  common(cli.command('log').description('In nhật ký của đợt theo thứ tự')).action((o: AuditOptions) => run(() => logCommand(o)));
};
