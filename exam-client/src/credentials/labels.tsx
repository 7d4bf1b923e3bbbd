import {
  isValidStatus,
  REVOCATION_REASONS,
  SUSPENSION_REASONS,
} from '../../../server/domain/credentials/credential-status.js';
import type { CredentialStatus, CredentialView, RevocationReason, SuspensionReason } from '../types';

/** Whether a verifier accepts a credential in a status: the server's pure rule, shared rather than copied. */
export { isValidStatus };

/** Credential statuses as holders and verifiers read them. */
export const STATUS_LABELS = {
  not_yet_valid: 'Not yet valid',
  active: 'Valid',
  expiring: 'Expiring soon',
  expired: 'Expired',
  suspended: 'Suspended',
  revoked: 'Revoked',
} as const satisfies Record<CredentialStatus, string>;

/** Every status, in the order a filter offers them. */
export const STATUSES = Object.keys(STATUS_LABELS) as CredentialStatus[];

/**
 * A status as a badge: the word is always there, and the shape before it (✓, !, ✕) differs too, so the
 * colour is never the only sign (WCAG 1.4.1).
 */
export function StatusBadge(props: { status: CredentialStatus }) {
  return <span class={`credential-status ${props.status}`}>{STATUS_LABELS[props.status]}</span>;
}

/** Why a credential was suspended, in words (the server's list of reasons). */
export const SUSPENSION_REASON_LABELS = {
  investigation: 'Under investigation',
  policy_breach: 'Policy breach',
  payment: 'Payment outstanding',
  other: 'Other',
} as const satisfies Record<SuspensionReason, string>;

/** Why a credential was revoked, in words (the server's list of reasons). */
export const REVOCATION_REASON_LABELS = {
  misconduct: 'Misconduct',
  issued_in_error: 'Issued in error',
  exam_invalidated: 'Exam result invalidated',
  superseded: 'Superseded by another credential',
  holder_request: 'At the holder’s request',
  other: 'Other',
} as const satisfies Record<RevocationReason, string>;

/** The suspension reasons as options of a select. */
export const SUSPENSION_OPTIONS = SUSPENSION_REASONS.map((value) => ({
  value,
  label: SUSPENSION_REASON_LABELS[value],
}));

/** The revocation reasons as options of a select. */
export const REVOCATION_OPTIONS = REVOCATION_REASONS.map((value) => ({
  value,
  label: REVOCATION_REASON_LABELS[value],
}));

/** A reason code the server stored, in words (an unknown code is shown as it is). */
export function reasonLabel(reason: string | null): string | null {
  if (reason === null) return null;
  const labels: Record<string, string> = { ...SUSPENSION_REASON_LABELS, ...REVOCATION_REASON_LABELS };
  return labels[reason] ?? reason.replaceAll('_', ' ');
}

// Credential dates are UTC days (an import's 2024-03-01 is midnight UTC): shown in UTC, they never shift a day.
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A credential date as a day in the reader's language, or '' when absent. */
export function formatDay(value: string | null): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : day.format(date);
}

/** When the credential stops being valid, in words. */
export function expiryText(credential: CredentialView): string {
  return credential.expiresAt === null ? 'Does not expire' : formatDay(credential.expiresAt);
}

/** The standing change that is on record, with its date and reason ("Revoked on 3 Mar 2026: Misconduct"). */
export function standingText(credential: CredentialView): string | null {
  if (credential.revokedAt) {
    const reason = reasonLabel(credential.revocationReason);
    return `Revoked on ${formatDay(credential.revokedAt)}${reason ? `: ${reason}` : ''}`;
  }
  if (credential.suspendedAt) {
    const reason = reasonLabel(credential.suspensionReason);
    return `Suspended since ${formatDay(credential.suspendedAt)}${reason ? `: ${reason}` : ''}`;
  }
  return null;
}

/** Today as the reader's calendar has it, YYYY-MM-DD (what an <input type="date"> holds). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
