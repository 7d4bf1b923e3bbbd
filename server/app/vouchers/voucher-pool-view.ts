import type { VoucherPoolRow } from '../../persistence/repositories/vouchers.js';

const DAY_MS = 86_400_000;

/** A voucher pool as admins see it, with how many uses its codes have had and have left. */
export interface VoucherPoolView {
  readonly id: string;
  readonly certificationId: string;
  readonly certificationCode: string;
  readonly name: string;
  readonly partnerRef: string | null;
  /** The last day (UTC) the codes can be redeemed. */
  readonly expiresOn: string;
  /** The instant they stop working: the start of the day after `expiresOn`. */
  readonly expiresAt: string;
  readonly expired: boolean;
  readonly usesPerCode: number;
  readonly codes: number;
  /** Attempts started with the pool's codes (a use given back by a technical void is not counted). */
  readonly used: number;
  /** Uses left over every code (none once the pool has expired). */
  readonly remaining: number;
  readonly createdAt: string;
}

/** The last day a pool's codes work, from the instant they stop (stored as the start of the next day). */
export function expiryDay(expiresAt: Date): string {
  return new Date(expiresAt.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/** The instant codes valid through `day` (YYYY-MM-DD, already checked) stop working. */
export function expiryInstant(dayStart: Date): Date {
  return new Date(dayStart.getTime() + DAY_MS);
}

/** A pool with its counts, as the API shows it. */
export function voucherPoolView(
  pool: VoucherPoolRow,
  counts: { codes: number; uses: number },
  certificationCode: string,
  now: Date,
): VoucherPoolView {
  const expired = pool.expiresAt <= now;
  return {
    id: pool.id,
    certificationId: pool.certificationId,
    certificationCode,
    name: pool.name,
    partnerRef: pool.partnerRef,
    expiresOn: expiryDay(pool.expiresAt),
    expiresAt: pool.expiresAt.toISOString(),
    expired,
    usesPerCode: pool.usesPerCode,
    codes: counts.codes,
    used: counts.uses,
    remaining: expired ? 0 : Math.max(0, counts.codes * pool.usesPerCode - counts.uses),
    createdAt: pool.createdAt.toISOString(),
  };
}
