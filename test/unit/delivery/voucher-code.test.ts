import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import { normaliseVoucherCode } from '../../../server/app/delivery/redeem-voucher.js';
import {
  formatVoucherCode,
  isVoucherCode,
  VOUCHER_ALPHABET,
  VOUCHER_CODE_LENGTH,
  voucherCode,
  voucherCodes,
} from '../../../server/domain/vouchers/voucher-code.js';

/** A source that hands out the given indexes in turn. */
const scripted = (indexes: number[]) => {
  let at = 0;
  return (n: number) => {
    const next = indexes[at++ % indexes.length] as number;
    return next % n;
  };
};

describe('voucher codes', () => {
  it('use 30 symbols none of which reads as another (no 0/O, 1/I/L, U)', () => {
    expect(new Set(VOUCHER_ALPHABET).size).to.equal(VOUCHER_ALPHABET.length);
    expect(VOUCHER_ALPHABET).to.have.length(30);
    expect(VOUCHER_ALPHABET).to.match(/^[A-Z2-9]+$/);
    for (const lookalike of '01OILU') expect(VOUCHER_ALPHABET).to.not.include(lookalike);
  });

  it('have about 59 bits of entropy: 12 symbols of 30', () => {
    expect(VOUCHER_CODE_LENGTH * Math.log2(VOUCHER_ALPHABET.length)).to.be.greaterThan(58.8);
  });

  it('map each random index to its symbol, so a uniform source gives uniform codes', () => {
    expect(voucherCode(scripted([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 29]))).to.equal('ABCDEFGHJKM9');
    expect(() => voucherCode(() => 30)).to.throw(RangeError);
    expect(() => voucherCode(() => -1)).to.throw(RangeError);
    expect(() => voucherCode(() => 0.5)).to.throw(RangeError);
  });

  it('are handed out in groups of four and stored as redemption normalises what people type', () => {
    for (let i = 0; i < 200; i++) {
      const stored = voucherCode(randomInt);
      expect(isVoucherCode(stored)).to.equal(true);
      const shown = formatVoucherCode(stored);
      expect(shown).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(normaliseVoucherCode(shown)).to.equal(stored);
      expect(normaliseVoucherCode(` ${shown.toLowerCase().replaceAll('-', ' ')}\t`)).to.equal(stored);
    }
  });

  it('come distinct in a batch, even when the source repeats itself', () => {
    const repeating = scripted([...Array(12).fill(0), ...Array(12).fill(0), ...Array(12).fill(1)]);
    expect(voucherCodes(2, repeating)).to.deep.equal(['AAAAAAAAAAAA', 'BBBBBBBBBBBB']);
    expect(new Set(voucherCodes(10_000, randomInt)).size).to.equal(10_000);
  });

  it('come 1 to 10,000 to a pool', () => {
    expect(() => voucherCodes(0, randomInt)).to.throw(RangeError);
    expect(() => voucherCodes(10_001, randomInt)).to.throw(RangeError);
    expect(() => voucherCodes(2.5, randomInt)).to.throw(RangeError);
  });

  it('spread over the alphabet evenly from a cryptographic source', () => {
    const counts = new Map<string, number>();
    for (const code of voucherCodes(2_500, randomInt))
      for (const symbol of code) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    // 30,000 symbols, 1,000 expected each: χ² with 29 degrees of freedom exceeds 80.4 once in 10^6 runs.
    const chiSquare = [...VOUCHER_ALPHABET].reduce(
      (sum, s) => sum + ((counts.get(s) ?? 0) - 1000) ** 2 / 1000,
      0,
    );
    expect(chiSquare).to.be.lessThan(80.4);
  });

  it('recognise only their own shape', () => {
    expect(isVoucherCode('ABCDEFGHJKMN')).to.equal(true);
    expect(isVoucherCode('ABCD-EFGH-JKMN')).to.equal(false);
    expect(isVoucherCode('ABCDEFGHJKMO')).to.equal(false);
    expect(isVoucherCode('ABCDEFGHJKM')).to.equal(false);
  });
});
