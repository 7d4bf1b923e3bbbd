import { WebAuthnError } from '@simplewebauthn/browser';
import { ApiError } from './api';

/** A sentence to show the user for anything a form action threw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof WebAuthnError) return describeWebAuthnError(error);
  if (error instanceof Error && error.name === 'NotAllowedError') {
    return 'The passkey request was cancelled or timed out.';
  }
  return 'Something went wrong. Please try again.';
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
