import type { Bloc } from '../../model/bloc.js';
import type { ReviewRecord } from '../../model/review.js';
import { reviewRecordsOf } from '../../pipeline/recompute.js';
import { periodKey } from '../../pipeline/period-key.js';
import { quotaOf } from '../../scoring/awards.js';
import type { RankingsJson, RankingsMember } from '../../scoring/rankings-json.js';
import type { Credential } from '../../store/credential-port.js';
import { OPEN_HEAD, type DecisionRecord, type PublicationRecord } from '../../store/ledger-port.js';
import type { CurrentRecord, VersionRecord } from '../../store/ports.js';
import { need, periodOf, requireLead, type LinksDeps } from './access.js';
import { runFlagCounts } from './changes.js';

/**
 * The lead's board of a period: every member's status (`held`: a late file held under latePolicy
 * "hold", waiting for the lead), its held file, whether it was reviewed (and on an older version),
 * total and rank from the latest run; the publication in force and the votes still to settle.
 * `flags`: how many flags for review (issue #14) the latest run raised on the unit; `total` is the
 * latest run's (reviews in force, frozen while published), else the self-score of the version in force.
 */
export type BoardStatus = 'accepted' | 'rejected' | 'missing' | 'held';

/** The held late files the lead accepted. */
export const acceptedLateIds = (decisions: readonly DecisionRecord[]): Set<string> =>
  new Set(decisions.flatMap((x) => (x.kind === 'accept-late' ? [x.uploadId] : [])));

/** The newest late file of the unit not yet accepted and newer than its version in force. */
const heldOf = (mine: readonly VersionRecord[], current: CurrentRecord | undefined, accepted: ReadonlySet<string>) =>
  mine.find((v) => v.status === 'late' && !accepted.has(v.uploadId) && (!current || v.uploadId > current.uploadId));

/** Reviewed: some reviewer's newest review of the unit stands; stale: one of them reviewed another version than the one in force. */
const reviewOf = (records: readonly ReviewRecord[], unit: string, current: CurrentRecord | undefined) => {
  const newest = new Map<string, ReviewRecord>();
  for (const r of records) if (r.unit === unit && (newest.get(r.reviewer)?.at ?? '') <= r.at) newest.set(r.reviewer, r);
  const reviews = [...newest.values()];
  return { reviewed: reviews.length > 0, stale: reviews.some((r) => !!r.version && !!current && r.version !== current.uploadId) };
};

/** The ties at a quota's cut-off still waiting for a vote, per group and award. */
const pendingVotesOf = (bloc: Bloc, rankings: RankingsJson | undefined) =>
  (rankings?.groups ?? []).flatMap((g) => {
    const size = bloc.groups.find((x) => x.id === g.id)?.members.length ?? g.members.length;
    const accepted = g.members.filter((m): m is Extract<RankingsMember, { status: 'accepted' }> => m.status === 'accepted');
    return bloc.awards.flatMap((a) => {
      const candidates = accepted.filter((m) => m.pendingVote === a.id).map((m) => m.unit);
      if (!candidates.length) return [];
      const seats = quotaOf(a.quota, size) - accepted.filter((m) => m.award === a.id).length;
      return [{ award: a.id, awardName: a.name, group: g.id, candidates, seats }];
    });
  });

const publishedOf = (state: 'open' | 'published', n: number, pubs: readonly PublicationRecord[]) => {
  const p = state === 'published' ? pubs.find((x) => x.n === n) : undefined;
  return p ? { version: p.n, at: p.publishedAt, by: p.actor, runId: p.runId } : null;
};

export const periodBoard = async (d: LinksDeps, who: Credential, input: { period?: unknown }) => {
  requireLead(who);
  const bloc = await d.catalog.load(who.bloc);
  const period = periodOf(bloc, input.period);
  const key = periodKey(bloc, period);
  const l = d.ledger;
  const [state, versions, run, reviewVersions, decisions, head, pubs] = await Promise.all([
    d.store.state(key),
    d.store.versions(key),
    d.store.latestRun(key),
    l?.reviewVersions(key) ?? [],
    l?.decisions(key) ?? [],
    l?.head(key) ?? OPEN_HEAD,
    l?.publications(key) ?? [],
  ]);
  const blobs = need(d.blobs, 'data store');
  const [rankings, flags] = await Promise.all([
    run ? blobs.get(run.rankingsKey).then((b) => JSON.parse(Buffer.from(b).toString('utf8')) as RankingsJson) : undefined,
    runFlagCounts(blobs, run),
  ]);
  const ranked = new Map(rankings?.groups.flatMap((g) => g.members.map((m) => [m.unit, m] as const)) ?? []);
  const accepted = acceptedLateIds(decisions);
  const records = reviewRecordsOf(reviewVersions);
  const members = bloc.groups.flatMap((g) =>
    g.members.map((m) => {
      const current = state.current.find((c) => c.unit === m.code);
      const mine = versions.filter((v) => v.unit === m.code).sort((a, b) => (a.uploadId < b.uploadId ? 1 : -1));
      const currentVersion = current && mine.find((v) => v.uploadId === current.uploadId);
      const held = heldOf(mine, current, accepted);
      const status: BoardStatus = current ? 'accepted' : held ? 'held' : mine.length ? 'rejected' : 'missing';
      const r = ranked.get(m.code);
      return {
        unit: m.code,
        name: m.name,
        group: g.id,
        groupName: g.name,
        status,
        held: held ? { uploadId: held.uploadId, receivedAt: held.receivedAt } : null,
        ...reviewOf(records, m.code, current),
        late: currentVersion?.late ?? mine[0]?.late ?? false,
        versions: mine.length,
        lastReceivedAt: mine[0]?.receivedAt ?? null,
        total: r?.status === 'accepted' ? r.total : (current?.total ?? null),
        flags: flags.get(m.code) ?? 0,
        rank: r?.status === 'accepted' ? r.rank : null,
        classification: r?.status === 'accepted' ? r.classification : null,
        award: r?.status === 'accepted' ? r.award : null,
      };
    }),
  );
  return {
    period,
    run: run ? { runId: run.runId, generatedAt: run.generatedAt } : null,
    published: publishedOf(head.state, head.publication, pubs),
    pendingVotes: pendingVotesOf(bloc, rankings),
    members,
  };
};
