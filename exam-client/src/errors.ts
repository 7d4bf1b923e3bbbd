import { WebAuthnError } from '@simplewebauthn/browser';
import { ApiError } from './api';
import { fieldSentence, labelOfPath } from './field-errors';
import type { ErrorDetail } from './types';

/**
 * A sentence to show the user for anything a form action threw. A refusal that names fields says, for each,
 * which field and what to do (never the validator's raw text); forms that show errors at their fields
 * place them first (see field-errors.ts).
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = fieldDetails(error);
    if (details.length === 0) return error.message;
    return details.map((detail) => fieldSentence(labelOfPath(detail.path), detail)).join(' ');
  }
  if (error instanceof WebAuthnError) return describeWebAuthnError(error);
  if (error instanceof Error && error.name === 'NotAllowedError') {
    return 'The passkey request was cancelled or timed out.';
  }
  return 'Something went wrong. Please try again.';
}

/** The field-level details of a refused request (validation_failed), when it carries any. */
function fieldDetails(error: ApiError): ErrorDetail[] {
  if (error.code !== 'validation_failed' || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (entry): entry is ErrorDetail =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as ErrorDetail).path === 'string' &&
      typeof (entry as ErrorDetail).message === 'string',
  );
}

function describeWebAuthnError(error: WebAuthnError): string {
  switch (error.code) {
    case 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED':
      return 'This device already holds a passkey for your account.';
    case 'ERROR_CEREMONY_ABORTED':
      return 'The passkey request was cancelled.';
    case 'ERROR_INVALID_DOMAIN':
    case 'ERROR_INVALID_RP_ID':
      return 'Passkeys cannot be used on this address.';
    default:
      // NotAllowedError passes through: the user cancelled, or no passkey for this site was found.
      return error.name === 'NotAllowedError'
        ? 'The passkey request was cancelled or timed out.'
        : `The passkey could not be used: ${error.message}`;
  }
}
