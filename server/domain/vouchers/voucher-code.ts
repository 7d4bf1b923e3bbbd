/**
 * Exam voucher codes: 12 characters drawn uniformly from an alphabet people cannot misread, handed out in
 * groups of four (`K7QX-M4TD-9PWN`) and stored as the 12 characters alone, upper case, as
 * `normaliseVoucherCode` (server/app/delivery/redeem-voucher.ts) reads whatever a candidate types.
 *
 * 30 symbols over 12 characters give 30^12 ≈ 5.3 × 10^17 codes (58.9 bits): a guess hits one of 10,000
 * issued codes with a chance of about 2 × 10^-14, and every guess costs the guesser a passkey check-in.
 */

/**
 * Capital letters and digits without the ones read as others: no 0/O, 1/I/L, and no U (as in Crockford's
 * base32, so no code spells a rude word by accident). Normalising a typed code only upper-cases it and drops
 * spaces and dashes, so an alphabet without look-alikes is what keeps a misread code from being a valid one.
 */
export const VOUCHER_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** Characters of a code. */
export const VOUCHER_CODE_LENGTH = 12;

/** Characters per group when a code is shown. */
export const VOUCHER_GROUP_LENGTH = 4;

/** At most this many codes in one pool. */
export const MAX_CODES_PER_POOL = 10_000;

/** A uniform random integer in [0, n); the caller passes a cryptographic one (node:crypto `randomInt`). */
export type RandomBelow = (n: number) => number;

/** A new code, stored form (12 characters, no dashes), from the caller's random source. */
export function voucherCode(randomBelow: RandomBelow): string {
  let code = '';
  for (let i = 0; i < VOUCHER_CODE_LENGTH; i++) {
    const at = randomBelow(VOUCHER_ALPHABET.length);
    if (!Number.isInteger(at) || at < 0 || at >= VOUCHER_ALPHABET.length)
      throw new RangeError(`random index ${at} is outside 0..${VOUCHER_ALPHABET.length - 1}`);
    code += VOUCHER_ALPHABET[at];
  }
  return code;
}

/** `count` distinct new codes (a repeat inside the batch is drawn again). */
export function voucherCodes(count: number, randomBelow: RandomBelow): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES_PER_POOL)
    throw new RangeError(`a pool holds 1 to ${MAX_CODES_PER_POOL} codes, not ${count}`);
  const codes = new Set<string>();
  while (codes.size < count) codes.add(voucherCode(randomBelow));
  return [...codes];
}

/** A stored code as it is handed out: groups of four joined by dashes (`K7QXM4TD9PWN` → `K7QX-M4TD-9PWN`). */
export function formatVoucherCode(stored: string): string {
  return (stored.match(new RegExp(`.{1,${VOUCHER_GROUP_LENGTH}}`, 'g')) ?? []).join('-');
}

/** Whether a stored code has the shape this module makes. */
export function isVoucherCode(stored: string): boolean {
  return (
    stored.length === VOUCHER_CODE_LENGTH && [...stored].every((char) => VOUCHER_ALPHABET.includes(char))
  );
}
