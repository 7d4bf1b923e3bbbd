import { DomainError } from '../errors.js';

/** E-mail addresses are unique per tenant regardless of case and surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Minimum password length (NIST SP 800-63B §5.1.1.2 asks for at least 8; we ask for 10). */
export const MIN_PASSWORD_LENGTH = 10;

/** Rejects passwords that are too short or the e-mail itself; length caps live in the request schema. */
export function assertAcceptablePassword(password: string, email: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'validation_failed',
      `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      [{ path: '/password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }],
    );
  }
  if (normaliseEmail(password) === normaliseEmail(email)) {
    throw new DomainError('validation_failed', 'Password must not be the e-mail address', [
      { path: '/password', message: 'must not be the e-mail address' },
    ]);
  }
}
