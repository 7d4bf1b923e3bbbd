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
