import { findPeriod, type Bloc, type Period } from '../../model/bloc.js';
import type { PeriodLedger } from '../../store/ledger-port.js';
import type { Credential, CredentialStore } from '../../store/credential-port.js';
import type { BlobStore, SubmissionStore } from '../../store/ports.js';
import type { BlocCatalog, LinkSigner, PullThrottle, RecomputeQueue } from '../ports.js';

/**
 * What every route of the links API shares: its ports, its refusal, and who may do what. A member
 * sees only its own unit; a reviewer its own unit's reviews; the lead everything of its bloc.
 */
export interface LinksDeps {
  store: SubmissionStore;
  credentials: CredentialStore;
  catalog: BlocCatalog;
  links: LinkSigner;
  /** For the web pages' routes (use-cases/pages.ts): reports, rankings, and "recompute now". */
  blobs?: BlobStore;
  queue?: RecomputeQueue;
  /** Reviews, decisions, publication and the audit log (SPEC §10). */
  ledger?: PeriodLedger;
  /** "Pull my sheet now" at most once per unit per interval. */
  throttle?: PullThrottle;
  /** Lifetime of download links (default 15 minutes). */
  linkSeconds?: number;
  /** Lifetime of upload links (default 5 minutes): a link outlives a revocation of its credential by at most this, and ingest refuses it anyway. */
  uploadLinkSeconds?: number;
  now?: () => Date;
}

/** A refusal the API answers as `{ error }` with its status; 409 for a refused decision, 429 for too many requests. */
export class LinkError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

export const nowOf = (d: Pick<LinksDeps, 'now'>): Date => d.now?.() ?? new Date();

export const periodOf = (bloc: Bloc, period: unknown): string => {
  if (typeof period !== 'string' || !findPeriod(bloc, period))
    throw new LinkError(400, `"period" phải là một trong: ${bloc.periods.map((p) => p.id).join(', ')}`);
  return period;
};

/** The period's configuration, for a period id already checked by periodOf. */
export const periodConfig = (bloc: Bloc, period: string): Period => findPeriod(bloc, period)!;

export const requireLead = (who: Credential): void => {
  if (who.role !== 'lead') throw new LinkError(403, 'chỉ trưởng khối được dùng chức năng này');
};

export const requireMember = (who: Credential): void => {
  if (who.role !== 'member') throw new LinkError(403, 'chức năng này dành cho đơn vị thành viên (đường dẫn của đơn vị)');
};

/** A port the deployment must provide for this route (a wiring error, not the caller's). */
export const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`links deployment has no ${what}`);
  return value;
};

/** Who did it, as the audit log records a lead's or reviewer's step: `<role>:<credential id>`, then the credential's note. */
export const actorOf = (who: Credential): string => `${who.role}:${who.id}${who.note ? ` (${who.note})` : ''}`;

/** A JSON body's text field, trimmed; undefined when absent or not text. */
export const textField = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
