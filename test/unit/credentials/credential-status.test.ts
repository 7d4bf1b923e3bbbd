import { expect } from 'chai';
import {
  addMonthsUtc,
  canChangeStanding,
  credentialStatusAt,
  isValidStatus,
} from '../../../server/domain/credentials/credential-status.js';
import { holderNameForVerifier } from '../../../server/domain/credentials/holder-name.js';
import {
  drawStatusListIndexes,
  statusBitAt,
  statusBitstring,
  statusListLength,
} from '../../../server/domain/credentials/status-list.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';

const at = (iso: string) => new Date(iso);
const facts = {
  issuedAt: at('2025-01-01T00:00:00Z'),
  expiresAt: at('2027-01-01T00:00:00Z'),
  suspendedAt: null,
  revokedAt: null,
};

describe('credential status, computed when asked', () => {
  it('is active, then expiring inside the 60-day window, then expired from the expiry instant on', () => {
    expect(credentialStatusAt(facts, at('2026-06-01T00:00:00Z'))).to.equal('active');
    expect(credentialStatusAt(facts, at('2026-11-02T00:00:01Z'))).to.equal('expiring');
    expect(credentialStatusAt(facts, at('2026-12-31T23:59:59Z'))).to.equal('expiring');
    expect(credentialStatusAt(facts, at('2027-01-01T00:00:00Z'))).to.equal('expired');
    expect(credentialStatusAt({ ...facts, expiresAt: null }, at('2099-01-01T00:00:00Z'))).to.equal('active');
  });

  it('is not yet valid before its issue date, and valid from that instant on', () => {
    expect(credentialStatusAt(facts, at('2024-12-31T23:59:59.999Z'))).to.equal('not_yet_valid');
    expect(isValidStatus('not_yet_valid')).to.equal(false);
    expect(credentialStatusAt(facts, at('2025-01-01T00:00:00Z'))).to.equal('active');
    const early = at('2024-06-01T00:00:00Z');
    expect(credentialStatusAt({ ...facts, revokedAt: early }, early)).to.equal('revoked');
    expect(credentialStatusAt({ ...facts, suspendedAt: early }, early)).to.equal('suspended');
  });

  it('puts revoked above suspended above expired', () => {
    const later = at('2030-01-01T00:00:00Z');
    expect(credentialStatusAt({ ...facts, suspendedAt: at('2026-01-01T00:00:00Z') }, later)).to.equal(
      'suspended',
    );
    expect(
      credentialStatusAt(
        { ...facts, suspendedAt: at('2026-01-01T00:00:00Z'), revokedAt: at('2026-02-01T00:00:00Z') },
        later,
      ),
    ).to.equal('revoked');
  });

  it('allows suspend ⇄ reinstate, and nothing after revocation', () => {
    expect(canChangeStanding(facts, 'suspend')).to.equal(true);
    expect(canChangeStanding(facts, 'reinstate')).to.equal(false);
    const suspended = { ...facts, suspendedAt: at('2026-01-01T00:00:00Z') };
    expect(canChangeStanding(suspended, 'suspend')).to.equal(false);
    expect(canChangeStanding(suspended, 'reinstate')).to.equal(true);
    expect(canChangeStanding(suspended, 'revoke')).to.equal(true);
    const revoked = { ...facts, revokedAt: at('2026-01-01T00:00:00Z') };
    for (const change of ['suspend', 'reinstate', 'revoke'] as const)
      expect(canChangeStanding(revoked, change)).to.equal(false);
  });

  it('adds calendar months in UTC, clamping to the end of shorter months', () => {
    expect(addMonthsUtc(at('2026-01-31T10:00:00Z'), 1).toISOString()).to.equal('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(at('2026-01-31T10:00:00Z'), 25).toISOString()).to.equal('2028-02-29T10:00:00.000Z');
    expect(addMonthsUtc(at('2026-11-22T09:00:00Z'), 24).toISOString()).to.equal('2028-11-22T09:00:00.000Z');
  });
});

describe('holder names on the verification page', () => {
  it('follow the privacy setting', () => {
    expect(holderNameForVerifier('Ada King Lovelace', 'full')).to.equal('Ada King Lovelace');
    expect(holderNameForVerifier('ada king-lovelace', 'initials')).to.equal('A. K. L.');
    expect(holderNameForVerifier('Émile Zola', 'initials')).to.equal('É. Z.');
    expect(holderNameForVerifier('Ada Lovelace', 'hidden')).to.equal(null);
  });
});

describe('bitstring status list', () => {
  it('sets the most significant bit first and is at least 16 KB', () => {
    const bits = statusBitstring([0, 9, 131_071]);
    expect(bits.length).to.equal(16_384);
    expect(bits[0]).to.equal(0x80);
    expect(bits[1]).to.equal(0x40);
    expect(statusBitAt(bits, 131_071)).to.equal(true);
    expect(statusBitAt(bits, 1)).to.equal(false);
    expect(statusBitstring([200_000]).length, 'index 200,000 needs 200,001 bits').to.equal(25_001);
  });
});

describe('status list length and index draws', () => {
  it('is 131,072 entries long, doubled as often as it takes to hold the highest index given out', () => {
    expect(statusListLength()).to.equal(131_072);
    expect(statusListLength(0)).to.equal(131_072);
    expect(statusListLength(131_071)).to.equal(131_072);
    expect(statusListLength(131_072)).to.equal(262_144);
    expect(statusListLength(600_000)).to.equal(1_048_576);
  });

  it('draws indexes uniformly over the whole list from the Rng it is given', () => {
    const drawn = drawStatusListIndexes(seededRng(7), 131_072, 2000);
    expect(Math.min(...drawn)).to.be.at.least(0);
    expect(Math.max(...drawn)).to.be.below(131_072);
    const lowerHalf = drawn.filter((index) => index < 65_536).length;
    expect(lowerHalf).to.be.within(900, 1100);
    expect(drawStatusListIndexes({ next: () => 0.999_999_999_9 }, 8, 1)).to.deep.equal([7]);
    expect(drawStatusListIndexes(seededRng(7), 131_072, 5)).to.deep.equal(drawn.slice(0, 5));
  });
});
