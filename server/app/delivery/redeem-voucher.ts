import { DomainError } from '../../domain/errors.js';
import type { Tx } from '../../persistence/database.js';
import { addVoucherUse, findVoucherByCodeForUpdate } from '../../persistence/repositories/vouchers.js';

/** Voucher codes as people type them: case, spaces and dashes do not matter. */
export function normaliseVoucherCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * Redeems a voucher for an attempt at a certification: it must exist in the tenant, be for this certification,
 * not have expired, and have a use left. Returns the voucher's id, stored with the attempt so a technical void
 * can give the use back.
 */
export async function redeemVoucher(
  tx: Tx,
  tenantId: string,
  certificationId: string,
  code: string | undefined,
  now: Date,
): Promise<string> {
  if (!code?.trim()) throw new DomainError('voucher_invalid', 'This exam needs a voucher: enter its code');
  const found = await findVoucherByCodeForUpdate(tx, tenantId, normaliseVoucherCode(code));
  if (!found || found.pool.certificationId !== certificationId)
    throw new DomainError('voucher_invalid', 'This voucher code is not valid for this exam');
  if (found.pool.expiresAt <= now) throw new DomainError('voucher_invalid', 'This voucher has expired');
  if (found.voucher.uses >= found.pool.usesPerCode)
    throw new DomainError('voucher_invalid', 'This voucher has already been used');
  await addVoucherUse(tx, tenantId, found.voucher.id, 1);
  return found.voucher.id;
}
