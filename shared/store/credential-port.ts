/**
 * Credentials for the links API. The lead (trưởng khối) holds a `lead` credential (issued by whoever
 * deploys the stack, see infra/tools/credential.ts); it issues and revokes one `member` credential
 * per unit and hands it to that unit's staff, and `reviewer` credentials: a member unit acting as
 * cross-reviewer (SPEC §10), whose scope is, per period, the units `periods[].reviewers[unit]`. A credential is a bearer token `<bloc>.<id>.<secret>`
 * (credential-token.ts); only sha256(secret) is stored. Revoking keeps the credential (an audit
 * trail) with `revokedAt`.
 */
export type Role = 'lead' | 'member' | 'reviewer';

export interface Credential {
  bloc: string;
  id: string;
  role: Role;
  /** The member the credential speaks for (the lead's own unit for a lead credential). */
  unit: string;
  issuedAt: string;
  issuedBy: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Refused from this instant on (ISO); set by the lead at issue time. Credentials issued before expiries existed have none. */
  expiresAt?: string;
  note?: string;
}

export interface CredentialRequest {
  bloc: string;
  role: Role;
  unit: string;
  issuedBy: string;
  expiresAt?: string;
  note?: string;
}

/** Whether a credential may be used at `at`: not revoked, not expired. */
export const credentialActive = (c: Pick<Credential, 'revokedAt' | 'expiresAt'>, at: Date): boolean =>
  !c.revokedAt && !(c.expiresAt && Date.parse(c.expiresAt) <= at.getTime());

export interface CredentialStore {
  /** Issues a credential; the token is returned once and never stored. */
  issue(c: CredentialRequest): Promise<{ credential: Credential; token: string }>;
  /** The credential a bearer token stands for, unless unknown, malformed, revoked or expired. */
  authenticate(token: string | undefined): Promise<Credential | undefined>;
  /** A credential of the bloc by id, revoked or expired ones included (ingest checks the one that issued an upload link). */
  find(bloc: string, id: string): Promise<Credential | undefined>;
  /** Every credential of the bloc, by id. */
  list(bloc: string): Promise<Credential[]>;
  /** Revokes a credential of the bloc (of the given role only, when `role` is set); undefined when there is none. A second revocation keeps the first time. */
  revoke(bloc: string, id: string, by: string, role?: Role): Promise<Credential | undefined>;
}
