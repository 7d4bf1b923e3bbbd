import { startAuthentication } from '@simplewebauthn/browser';
import { checkIn, checkInOptions } from '../api';
import type { AttemptView } from '../types';

/**
 * The check-in ceremony: a passkey request bound to the new attempt, answered by the candidate's authenticator
 * with user verification, then the check-in itself (with a voucher when the exam needs one).
 */
export async function checkInWithPasskey(
  certificationId: string,
  voucherCode?: string,
): Promise<AttemptView> {
  const { challengeId, options } = await checkInOptions(certificationId);
  const response = await startAuthentication({ optionsJSON: options });
  const { attempt } = await checkIn(certificationId, {
    challengeId,
    response,
    ...(voucherCode === undefined ? {} : { voucherCode }),
  });
  return attempt;
}
