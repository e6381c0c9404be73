/**
 * The lead's steps after self-scoring (SPEC §10), on the store ports: accept a held late file, record
 * a vote, publish, reopen. Each is stored and appended to the audit log with who did it. A step that
 * the rules refuse throws DecisionRefused with a Vietnamese reason (the command line exits 2).
 */
import { findPeriod, groupOf, type Bloc } from '../model/bloc.js';
import { formatHundredths } from '../numbers/rational.js';
import type { Problem } from '../model/problem.js';
import type { Vote } from '../scoring/awards.js';
import { computePeriod } from '../scoring/period.js';
import { scoreMember } from '../scoring/score.js';
import { effectiveReviews } from '../review/effective.js';
import { decodeValues } from '../store/codec.js';
import { publishedKey } from '../store/keys.js';
import type { AuditEntry, DecisionRecord, PeriodLedger, PublicationRecord } from '../store/ledger-port.js';
import { jsonText } from '../text/json-text.js';
import { FROZEN_NOTE, ledgerId, publishedFrozen } from './audit.js';
import type { IngestDeps } from './ingest.js';
import { periodKey } from './period-key.js';
import { computeOutputs, inputsOf, ledgerState, recompute, reviewRecordsOf, votesOf } from './recompute.js';

export interface LedgerDeps extends IngestDeps {
  ledger: PeriodLedger;
}

export interface Step {
  actor: string;
  now: Date;
}

export class DecisionRefused extends Error {
  override readonly name = 'DecisionRefused';
}

const needReason = (reason: string | undefined): string => {
  const r = reason?.trim() ?? '';
  if (!r) throw new DecisionRefused('cần ghi lý do (--reason).');
  return r;
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A decision taken while the period is published is stored, and says that it changes nothing published (PUBLISHED_FROZEN). */
const frozenWarnings = async (deps: LedgerDeps, key: ReturnType<typeof periodKey>): Promise<Problem[]> => {
  const w = await publishedFrozen(deps.ledger, key, 'Quyết định này');
  return w ? [w] : [];
};

/** `bloc decide --accept-late UPLOAD_ID`: the held late version counts from now on, unless a later upload of its unit already does. */
export const acceptLate = async (deps: LedgerDeps, bloc: Bloc, period: string, input: Step & { uploadId: string; reason: string }) => {
  const reason = needReason(input.reason);
  const key = periodKey(bloc, period);
  const v = await deps.store.getVersion(key, input.uploadId);
  if (!v) throw new DecisionRefused(`không có phiên bản ${input.uploadId} trong đợt ${period}.`);
  if (v.status !== 'late' || !v.unit || !v.values)
    throw new DecisionRefused(`phiên bản ${input.uploadId} (tệp "${v.file}") không phải tệp nộp muộn đang chờ quyết định (trạng thái: ${v.status}).`);
  const decisions = await deps.ledger.decisions(key);
  if (decisions.some((d) => d.kind === 'accept-late' && d.uploadId === v.uploadId))
    throw new DecisionRefused(`phiên bản ${input.uploadId} đã được tiếp nhận trước đó.`);
  const decision: DecisionRecord = {
    id: ledgerId(input.now, 'late'),
    at: input.now.toISOString(),
    actor: input.actor,
    reason,
    kind: 'accept-late',
    uploadId: v.uploadId,
    unit: v.unit,
  };
  await deps.ledger.putDecision(key, decision);
  const rubric = groupOf(bloc, v.unit)!.rubric;
  const current = await deps.store.promote(key, {
    unit: v.unit,
    uploadId: v.uploadId,
    file: v.file,
    receivedAt: v.receivedAt,
    values: v.values,
    selfScores: v.selfScores ?? {},
    total: formatHundredths(scoreMember(rubric, decodeValues(v.values)).total),
  });
  const warnings = await frozenWarnings(deps, key);
  await deps.ledger.append(key, {
    id: decision.id,
    at: decision.at,
    actor: input.actor,
    action: 'accept-late',
    text: `Tiếp nhận tệp nộp muộn "${v.file}" của ${v.unit} (phiên bản ${v.uploadId}), lý do: ${reason}.${current ? '' : ' Đơn vị đã có phiên bản nhận sau, phiên bản đó vẫn được tính.'}${warnings.length ? FROZEN_NOTE : ''}`,
    uploadId: v.uploadId,
    unit: v.unit,
    reason,
  });
  return { decision, current, warnings };
};

/** `bloc decide --vote AWARD --winners …`: validated against the period as it stands (only units pending that vote, exactly the quota left). */
export const recordVote = async (deps: LedgerDeps, bloc: Bloc, period: string, input: Step & { award: string; winners: string[]; reason: string }) => {
  const reason = needReason(input.reason);
  const award = bloc.awards.find((a) => a.id === input.award);
  if (!award) throw new DecisionRefused(`không có danh hiệu "${input.award}" (có: ${bloc.awards.map((a) => a.id).join(', ')}).`);
  if (!input.winners.length) throw new DecisionRefused('cần ít nhất một đơn vị trúng (--winners).');
  const group = groupOf(bloc, input.winners[0]!);
  if (!group) throw new DecisionRefused(`"${input.winners[0]}" không phải đơn vị thành viên.`);
  const key = periodKey(bloc, period);
  const [state, ledger] = await Promise.all([deps.store.state(key), ledgerState(deps, key)]);
  const reviews = effectiveReviews(bloc, period, reviewRecordsOf(ledger.reviewVersions));
  const vote: Vote = { award: award.id, winners: input.winners, reason };
  // The new vote replaces an earlier one for the same award and group.
  const others = votesOf(bloc, ledger.decisions).filter((v) => !(v.award === award.id && groupOf(bloc, v.winners[0] ?? '')?.id === group.id));
  const result = computePeriod(bloc, period, inputsOf(bloc, state, reviews, [...others, vote]));
  const problems = [...(result.voteProblems ?? []), ...result.groups.flatMap((g) => g.voteProblems ?? [])].filter((p) => p.award === award.id);
  if (problems.length) throw new DecisionRefused(problems.map((p) => p.message).join(' '));
  const decision: DecisionRecord = {
    id: ledgerId(input.now, 'vote'),
    at: input.now.toISOString(),
    actor: input.actor,
    reason,
    kind: 'vote',
    award: award.id,
    winners: input.winners,
  };
  await deps.ledger.putDecision(key, decision);
  const warnings = await frozenWarnings(deps, key);
  await deps.ledger.append(key, {
    id: decision.id,
    at: decision.at,
    actor: input.actor,
    action: 'vote',
    text: `Ghi nhận kết quả biểu quyết danh hiệu ${award.name} (${award.id}), ${group.name}: ${input.winners.join(', ')}; lý do: ${reason}.${warnings.length ? FROZEN_NOTE : ''}`,
    award: award.id,
    winners: input.winners,
    reason,
  });
  return { decision, warnings };
};

/**
 * `bloc publish`: freezes the period as it stands. The latest run is brought up to date, its
 * rankings.json copied and the summary written (marked published, its log ending with this
 * publication) under `published/<bloc>/<year>/<period>/<n>/`; then head and publication are written
 * together on condition that the head still says what was read: of two publishes at once, one wins.
 */
export const publish = async (deps: LedgerDeps, bloc: Bloc, period: string, input: Step): Promise<PublicationRecord> => {
  if (!findPeriod(bloc, period)) throw new DecisionRefused(`không có đợt ${period}.`);
  const key = periodKey(bloc, period);
  const head = await deps.ledger.head(key);
  if (head.state === 'published')
    throw new DecisionRefused(`đợt ${period} đã công bố (lần ${head.publication}); muốn công bố lại, hãy mở lại trước (bloc reopen).`);
  const n = head.publication + 1;
  const latest = await recompute(deps, bloc, period, { now: input.now });
  const entry: AuditEntry = {
    id: ledgerId(input.now, 'publish'),
    at: input.now.toISOString(),
    actor: input.actor,
    action: 'publish',
    text: `Công bố kết quả lần ${n}.`,
    publication: n,
  };
  const { summary } = await computeOutputs(deps, bloc, period, input.now, { published: { n, at: entry.at, actor: input.actor }, extraLog: [entry] });
  const pub: PublicationRecord = {
    n,
    publishedAt: entry.at,
    actor: input.actor,
    runId: latest.run.runId,
    inputsHash: latest.run.inputsHash,
    rankingsKey: publishedKey(key, n, 'rankings.json'),
    summaryKey: publishedKey(key, n, 'summary.xlsx'),
  };
  await deps.blobs.put(pub.rankingsKey, latest.rankings ? jsonText(latest.rankings) : await deps.blobs.get(latest.run.rankingsKey), 'application/json');
  await deps.blobs.put(pub.summaryKey, summary, XLSX);
  if (!(await deps.ledger.publish(key, pub)))
    throw new DecisionRefused(`đợt ${period} vừa được công bố hoặc thay đổi bởi người khác; hãy xem bloc log rồi thử lại.`);
  await deps.ledger.append(key, entry);
  return pub;
};

/** `bloc reopen`: the publication in force stops being the period's result; it stays stored. */
export const reopen = async (deps: LedgerDeps, bloc: Bloc, period: string, input: Step & { reason: string }) => {
  const reason = needReason(input.reason);
  const key = periodKey(bloc, period);
  const head = await deps.ledger.head(key);
  if (head.state !== 'published')
    throw new DecisionRefused(`đợt ${period} chưa công bố${head.publication ? ` (lần ${head.publication} đã được mở lại)` : ''}, không có gì để mở lại.`);
  const at = input.now.toISOString();
  if (!(await deps.ledger.reopen(key, head.publication, { at, actor: input.actor, reason })))
    throw new DecisionRefused(`đợt ${period} vừa được thay đổi bởi người khác; hãy xem bloc log rồi thử lại.`);
  await deps.ledger.append(key, {
    id: ledgerId(input.now, 'reopen'),
    at,
    actor: input.actor,
    action: 'reopen',
    text: `Mở lại kết quả đã công bố lần ${head.publication}, lý do: ${reason}.`,
    publication: head.publication,
    reason,
  });
  return { publication: head.publication };
};
