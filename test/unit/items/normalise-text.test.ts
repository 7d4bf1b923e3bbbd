import { expect } from 'chai';
import fc from 'fast-check';
import { normaliseText, sameText } from '../../../server/domain/items/normalise-text.js';

describe('normaliseText', () => {
  it('trims and collapses inner whitespace, including tabs, newlines and no-break spaces', () => {
    expect(normaliseText('  network\t\n  access\u00a0 list ', true)).to.equal('network access list');
  });
  it('folds compatibility forms with NFKC (full-width letters, ligatures)', () => {
    expect(normaliseText('ＶＰＣ　ｐｅｅｒｉｎｇ', true)).to.equal('VPC peering');
    expect(normaliseText('ﬁrewall', true)).to.equal('firewall');
  });
  it('case-folds unless case-sensitive, including ß and final sigma', () => {
    expect(normaliseText('Load BALANCER', false)).to.equal('load balancer');
    expect(normaliseText('Load BALANCER', true)).to.equal('Load BALANCER');
    expect(sameText('Straße', 'STRASSE', false)).to.equal(true);
    expect(sameText('ΟΔΟΣ', 'οδος', false)).to.equal(true);
  });
  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.boolean(), (text, caseSensitive) => {
        const once = normaliseText(text, caseSensitive);
        return normaliseText(once, caseSensitive) === once;
      }),
    );
  });
});
