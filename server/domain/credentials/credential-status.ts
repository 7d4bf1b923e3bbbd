/**
 * Credential status (ARCHITECTURE.md): `active → expiring → expired`, plus `suspended ⇄ active` and
 * `revoked` (final). What a verifier sees is computed from dates and flags when asked, so it is right
 * even when no scheduled job has run.
 */

/** A credential's status at a moment; `not_yet_valid` while its issue date is still ahead. */
export type CredentialStatus = 'not_yet_valid' | 'active' | 'expiring' | 'expired' | 'suspended' | 'revoked';

/** Every status, in the order a credential can pass through them. */
export const CREDENTIAL_STATUSES = [
  'not_yet_valid',
  'active',
  'expiring',
  'expired',
  'suspended',
  'revoked',
] as const satisfies readonly CredentialStatus[];

/** Why a credential was revoked; the category is public, the note is not. */
export const REVOCATION_REASONS = [
  'misconduct',
  'issued_in_error',
  'exam_invalidated',
  'superseded',
  'holder_request',
  'other',
] as const;
/** One of REVOCATION_REASONS. */
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** Why a credential was suspended. */
export const SUSPENSION_REASONS = ['investigation', 'policy_breach', 'payment', 'other'] as const;
/** One of SUSPENSION_REASONS. */
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/** Days before expiry during which an active credential counts as expiring (reminders go out then). */
export const DEFAULT_EXPIRING_WINDOW_DAYS = 60;

const DAY_MS = 86_400_000;

/** The dates and flags a status is computed from. */
export interface CredentialStatusFacts {
  readonly issuedAt: Date;
  readonly expiresAt: Date | null;
  readonly suspendedAt: Date | null;
  readonly revokedAt: Date | null;
}

/**
 * The status at `now`: revoked beats suspended beats not yet valid beats expired; a credential is valid
 * from its issue date (inclusive, as the signed form's `validFrom`/`nbf` says) until `expiresAt` (exclusive).
 */
export function credentialStatusAt(
  facts: CredentialStatusFacts,
  now: Date,
  expiringWindowDays: number = DEFAULT_EXPIRING_WINDOW_DAYS,
): CredentialStatus {
  if (facts.revokedAt) return 'revoked';
  if (facts.suspendedAt) return 'suspended';
  if (facts.issuedAt.getTime() > now.getTime()) return 'not_yet_valid';
  if (facts.expiresAt === null) return 'active';
  const left = facts.expiresAt.getTime() - now.getTime();
  if (left <= 0) return 'expired';
  return left <= expiringWindowDays * DAY_MS ? 'expiring' : 'active';
}

/** Whether a verifier should accept a credential in this status. */
export function isValidStatus(status: CredentialStatus): boolean {
  return status === 'active' || status === 'expiring';
}

/** An admin's change to a credential's standing. */
export type StandingChange = 'suspend' | 'reinstate' | 'revoke';

/** Whether the change is allowed from the stored flags (expiry does not block suspension or revocation). */
export function canChangeStanding(facts: CredentialStatusFacts, change: StandingChange): boolean {
  if (facts.revokedAt) return false;
  if (change === 'suspend') return facts.suspendedAt === null;
  if (change === 'reinstate') return facts.suspendedAt !== null;
  return true;
}

/** Adds whole calendar months in UTC, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsUtc(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const result = new Date(date.getTime());
  result.setUTCFullYear(y, m, Math.min(date.getUTCDate(), lastDay));
  return result;
}

/** Midnight UTC of a `YYYY-MM-DD` day: how issue and expiry dates given as days are stored. */
export { utcDayStart } from '../calendar.js';
