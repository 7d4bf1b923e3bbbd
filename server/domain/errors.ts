/** The closed list of failure codes; the HTTP and socket edges map each to a status in one place. */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'not_found',
  'conflict',
  'registration_closed',
  'invitation_invalid',
  'verification_invalid',
  'challenge_invalid',
  'passkey_invalid',
  'rate_limited',
  'blueprint_infeasible',
  'invalid_transition',
  /** The candidate may not sit this exam now (the message says why and from when). */
  'not_eligible',
  /** A check-in needs a passkey the account does not have yet. */
  'passkey_required',
  /** A save from a window that no longer holds the attempt, or older than one stored. */
  'stale_save',
  /** An answer to a question that is not the one being asked. */
  'item_not_served',
  /** The attempt's time is over (or it was submitted or voided): nothing more is accepted. */
  'attempt_over',
  /** An exam voucher is missing, unknown, expired, used up or for another exam. */
  'voucher_invalid',
  /** A dependency (the database) is unreachable for a moment: try again shortly. */
  'unavailable',
  'internal',
] as const;

/** One of ERROR_CODES. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A detail that points at the part of the input at fault (a JSON pointer) and says what rule it broke. */
export interface ErrorDetail {
  readonly path: string;
  /** The rule broken: a JSON Schema keyword (`required`, `maxLength`) or a named domain rule. */
  readonly rule?: string;
  readonly message: string;
}

/** A failure the caller can act on: a code from the closed list, a human message, optional details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthand for the most common failure: a resource the actor cannot see (also used across tenants). */
export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} not found`);
}
