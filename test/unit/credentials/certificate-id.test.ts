import { expect } from 'chai';
import fc from 'fast-check';
import {
  certificateIdFromBytes,
  certificatePrefix,
  checkCharacter,
  ID_ALPHABET,
  ID_RANDOM_BYTES,
  legacyIdKey,
  parseCertificateId,
} from '../../../server/domain/credentials/certificate-id.js';

const bytes = fc.uint8Array({ minLength: ID_RANDOM_BYTES, maxLength: ID_RANDOM_BYTES });

describe('certificate IDs', () => {
  it('look like ACME-7K3F-9Q2M-X4TB-QZ: prefix, 13 random base32 characters (65 bits) and a check character', () => {
    const id = certificateIdFromBytes(
      'ACME',
      new Uint8Array(ID_RANDOM_BYTES).map((_, i) => i * 7),
    );
    expect(id).to.match(
      /^ACME-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/,
    );
    expect(ID_ALPHABET).to.have.length(32);
    expect((ID_RANDOM_BYTES * Math.log2(ID_ALPHABET.length)) | 0).to.be.at.least(60);
  });

  it('derive the prefix from the tenant slug', () => {
    expect(certificatePrefix('acme')).to.equal('ACME');
    expect(certificatePrefix('north-wind-partners')).to.equal('NORTHW');
    expect(certificatePrefix('x')).to.equal('XC');
  });

  it('read back whatever the case, spacing or dashes, and read I, L and O as 1, 1 and 0', () => {
    fc.assert(
      fc.property(bytes, (random) => {
        const id = certificateIdFromBytes('ACME', random);
        for (const typed of [id, id.toLowerCase(), id.replace(/-/g, ''), ` ${id.replace(/-/g, ' ')} `]) {
          expect(parseCertificateId(typed)).to.deep.equal({ kind: 'id', id });
        }
      }),
    );
    const id = certificateIdFromBytes('ACME', new Uint8Array(ID_RANDOM_BYTES));
    expect(id.startsWith('ACME-0000')).to.equal(true);
    expect(parseCertificateId(id.replace('ACME-0000', 'ACME-OoO0'))).to.deep.equal({ kind: 'id', id });
  });

  it('catch every single mistyped character without a lookup', () => {
    fc.assert(
      fc.property(bytes, fc.nat(13), fc.integer({ min: 1, max: 31 }), (random, position, shift) => {
        const id = certificateIdFromBytes('ACME', random);
        const body = id.slice(5).replace(/-/g, '');
        const wrong = ID_ALPHABET[(ID_ALPHABET.indexOf(body[position] as string) + shift) % 32];
        const typed = `ACME${body.slice(0, position)}${wrong}${body.slice(position + 1)}`;
        expect(parseCertificateId(typed).kind).to.equal('bad_check');
      }),
    );
  });

  it('catch most swaps of two neighbouring characters', () => {
    let caught = 0;
    let swaps = 0;
    fc.assert(
      fc.property(bytes, fc.nat(12), (random, position) => {
        const body = certificateIdFromBytes('ACME', random).slice(5).replace(/-/g, '');
        if (body[position] === body[position + 1]) return;
        const swapped = `${body.slice(0, position)}${body[position + 1]}${body[position]}${body.slice(position + 2)}`;
        swaps++;
        if (parseCertificateId(`ACME${swapped}`).kind === 'bad_check') caught++;
      }),
      { numRuns: 2000 },
    );
    expect(caught / swaps).to.be.greaterThan(0.9);
  });

  it('leave other input to the legacy lookup, and refuse legacy IDs that read as ours', () => {
    expect(parseCertificateId('OLD-2001')).to.deep.equal({ kind: 'other', key: 'OLD2001' });
    expect(legacyIdKey('cert/2019 0042')).to.equal('CERT20190042');
    const ours = certificateIdFromBytes('ACME', new Uint8Array(ID_RANDOM_BYTES).fill(3));
    expect(legacyIdKey(ours)).to.equal(null);
    expect(checkCharacter('0000000000000')).to.equal('0');
    expect(() => certificateIdFromBytes('ACME!', new Uint8Array(ID_RANDOM_BYTES))).to.throw(RangeError);
  });
});
