import type { Bloc } from '../../model/bloc.js';
import { acceptLate, DecisionRefused, publish, recordVote, reopen, type LedgerDeps } from '../../pipeline/decisions.js';
import { periodKey } from '../../pipeline/period-key.js';
import type { Credential } from '../../store/credential-port.js';
import { auditText } from '../../workbooks/summary/audit-log.js';
import { actorOf, LinkError, need, nowOf, periodOf, requireLead, textField, type LinksDeps } from './access.js';

/**
 * The lead's steps after self-scoring through the links API (SPEC §10): accept a held late file,
 * record a vote, publish, reopen, and read the period's log. Each step is the pipeline's own
 * (shared/pipeline/decisions.ts) with the credential's holder as actor; a step the rules refuse
 * answers 409. Each queues a recompute of the period so that the board follows.
 */
const ledgerDeps = (d: LinksDeps, who: Credential): LedgerDeps => ({
  store: d.store,
  blobs: need(d.blobs, 'data store'),
  ledger: need(d.ledger, 'ledger'),
  actor: actorOf(who),
});

const leadPeriod = async (d: LinksDeps, who: Credential, input: { period?: unknown }): Promise<{ bloc: Bloc; period: string }> => {
  requireLead(who);
  const bloc = await d.catalog.load(who.bloc);
  return { bloc, period: periodOf(bloc, input.period) };
};

const reasonOf = (input: { reason?: unknown }): string => {
  const reason = textField(input.reason);
  if (!reason) throw new LinkError(400, '"reason": cần ghi lý do');
  return reason;
};

/** Runs a decision; DecisionRefused becomes 409, and a decision taken queues a recompute of the period. */
const decide = async <T>(d: LinksDeps, bloc: Bloc, period: string, step: () => Promise<T>): Promise<T> => {
  let out: T;
  try {
    out = await step();
  } catch (error) {
    if (error instanceof DecisionRefused) throw new LinkError(409, error.message);
    throw error;
  }
  await need(d.queue, 'recompute queue').send([{ bloc: bloc.id, period, reason: 'decision', at: nowOf(d).toISOString() }]);
  return out;
};

/** `POST /decisions/accept-late {period, upload, reason}`. */
export const acceptLateFile = async (d: LinksDeps, who: Credential, input: { period?: unknown; upload?: unknown; reason?: unknown }) => {
  const { bloc, period } = await leadPeriod(d, who, input);
  const uploadId = textField(input.upload);
  if (!uploadId) throw new LinkError(400, '"upload": cần mã phiên bản (uploadId) của tệp nộp muộn');
  const reason = reasonOf(input);
  const { decision } = await decide(d, bloc, period, () =>
    acceptLate(ledgerDeps(d, who), bloc, period, { actor: actorOf(who), now: nowOf(d), uploadId, reason }),
  );
  return { decision };
};

/** `POST /decisions/vote {period, award, winners, reason}`. */
export const voteDecision = async (d: LinksDeps, who: Credential, input: { period?: unknown; award?: unknown; winners?: unknown; reason?: unknown }) => {
  const { bloc, period } = await leadPeriod(d, who, input);
  const award = textField(input.award);
  if (!award) throw new LinkError(400, '"award": cần mã danh hiệu');
  const winners = input.winners;
  if (!Array.isArray(winners) || !winners.length || !winners.every((w) => typeof w === 'string' && w))
    throw new LinkError(400, '"winners": cần danh sách mã đơn vị trúng biểu quyết');
  const reason = reasonOf(input);
  const { decision } = await decide(d, bloc, period, () =>
    recordVote(ledgerDeps(d, who), bloc, period, { actor: actorOf(who), now: nowOf(d), award, winners: winners as string[], reason }),
  );
  return { decision };
};

/** `POST /publish {period}`: 409 when the period is published already. */
export const publishPeriod = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const { bloc, period } = await leadPeriod(d, who, input);
  const p = await decide(d, bloc, period, () => publish(ledgerDeps(d, who), bloc, period, { actor: actorOf(who), now: nowOf(d) }));
  return { publication: { version: p.n, at: p.publishedAt, by: p.actor, runId: p.runId } };
};

/** `POST /reopen {period, reason}`. */
export const reopenPeriod = async (d: LinksDeps, who: Credential, input: { period?: unknown; reason?: unknown }) => {
  const { bloc, period } = await leadPeriod(d, who, input);
  const reason = reasonOf(input);
  const now = nowOf(d);
  await decide(d, bloc, period, () => reopen(ledgerDeps(d, who), bloc, period, { actor: actorOf(who), now, reason }));
  return { reopened: { at: now.toISOString(), by: actorOf(who), reason } };
};

/** `GET /log?period=P`: the period's audit log in order, each entry's text as the summary's `Nhật ký` shows it. */
export const periodLog = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  const { bloc, period } = await leadPeriod(d, who, input);
  const log = await need(d.ledger, 'ledger').log(periodKey(bloc, period));
  return { period, entries: log.map((e) => ({ at: e.at, actor: e.actor, kind: e.action, text: auditText(e) })) };
};
