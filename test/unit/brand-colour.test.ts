import { expect } from 'chai';
import { brandAccent, NEUTRAL_ACCENT, relativeLuminance } from '../../server/domain/tenants/brand-colour.js';

describe('brand colour', () => {
  it('measures WCAG relative luminance (white 1, black 0, mid-grey #777777 about 0.184)', () => {
    expect(relativeLuminance('#ffffff')).to.equal(1);
    expect(relativeLuminance('#000000')).to.equal(0);
    expect(relativeLuminance('#777777')).to.be.closeTo(0.1845, 0.0005);
  });

  it('takes a #rrggbb colour as it is and anything else as the neutral accent', () => {
    expect(brandAccent('#b3541e')).to.equal('#b3541e');
    for (const bad of [null, undefined, '', 'red', '#fff', '#b3541e;}</style>'])
      expect(brandAccent(bad), String(bad)).to.equal(NEUTRAL_ACCENT);
  });
});
