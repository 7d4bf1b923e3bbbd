import { randomInt, randomUUID } from 'node:crypto';
import type { Actor } from '../../adapters/token-service.js';
import { utcDayStart } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { voucherCodes } from '../../domain/vouchers/voucher-code.js';
import { findCertification } from '../../persistence/repositories/certifications.js';
import {
  insertVoucherPool,
  type VoucherPoolRow,
  type VoucherRow,
} from '../../persistence/repositories/vouchers.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { expiryInstant, type VoucherPoolView, voucherPoolView } from './voucher-pool-view.js';

/** Vouchers last at most ten years: a code nobody redeems in that time is a forgotten bearer secret. */
export const MAX_POOL_LIFE_MS = 3653 * 86_400_000;

/** What an admin asks for: a named batch of codes for one certification. */
export interface VoucherPoolInput {
  readonly name: string;
  /** The partner or order the batch is for, as the programme refers to it. */
  readonly partnerRef?: string | null;
  /** The last day (YYYY-MM-DD, UTC) the codes can be redeemed. */
  readonly expiresOn: string;
  /** How many codes (1 to 10,000). */
  readonly codes: number;
  /** How many attempts each code may start. */
  readonly usesPerCode: number;
}

/**
 * An admin creates a voucher pool for a certification: `codes` new codes from a cryptographic source, each
 * good for `usesPerCode` attempts until the end of `expiresOn`. The codes are stored normalised (as
 * redemption reads them) and are only ever handed out by the pool's CSV export; the audit entry names the
 * pool, never a code.
 */
export async function createVoucherPool(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  input: VoucherPoolInput,
): Promise<VoucherPoolView> {
  return runUnitOfWork(
    deps,
    actor,
    async (uow) => {
      uow.authorize(['admin']);
      const tenantId = actor.tenantId;
      const certification = await findCertification(uow.tx, tenantId, certificationId);
      if (!certification) throw new DomainError('not_found', 'No such certification');
      const expiresAt = expiryInstant(utcDayStart(input.expiresOn));
      if (expiresAt <= uow.now)
        throw new DomainError('validation_failed', 'The expiry date has passed', [
          { path: '/expiresOn', rule: 'future_day', message: 'choose today or a later day' },
        ]);
      if (expiresAt.getTime() > uow.now.getTime() + MAX_POOL_LIFE_MS)
        throw new DomainError('validation_failed', 'The expiry date is too far ahead', [
          { path: '/expiresOn', rule: 'max_day', message: 'choose a day within ten years from today' },
        ]);
      const pool: VoucherPoolRow = {
        tenantId,
        id: randomUUID(),
        certificationId,
        name: input.name.trim(),
        partnerRef: input.partnerRef?.trim() || null,
        expiresAt,
        usesPerCode: input.usesPerCode,
        createdBy: actor.userId,
        createdAt: uow.now,
      };
      const codes: VoucherRow[] = voucherCodes(input.codes, randomInt).map((code) => ({
        tenantId,
        id: randomUUID(),
        poolId: pool.id,
        code,
        uses: 0,
      }));
      await insertVoucherPool(uow.tx, pool, codes);
      await uow.audit({
        action: 'voucher_pool.created',
        subjectType: 'voucher_pool',
        subjectId: pool.id,
        details: {
          certificationId,
          name: pool.name,
          partnerRef: pool.partnerRef,
          codes: codes.length,
          usesPerCode: pool.usesPerCode,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return voucherPoolView(pool, { codes: codes.length, uses: 0 }, certification.code, uow.now);
    },
    // Two codes of one programme never match: a new code equal to a stored one (about 1 in 10^13) is refused.
    { onUniqueViolation: 'A new code matched an existing one by chance; create the pool again' },
  );
}
