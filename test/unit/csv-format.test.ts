import { expect } from 'chai';
import fc from 'fast-check';
import { csvCell, formatCsv, parseCsv } from '../../server/domain/csv.js';

describe('formatCsv', () => {
  it('writes a header and rows with CRLF line ends after a byte order mark', () => {
    expect(
      formatCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [null, true],
        ],
      ),
    ).to.equal('\uFEFFa,b\r\n1,x\r\n,true\r\n');
  });

  it('quotes cells with separators, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('Smith, Jo')).to.equal('"Smith, Jo"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell('two\nlines')).to.equal('"two\nlines"');
    expect(csvCell('a;b')).to.equal('"a;b"');
  });

  it('keeps a spreadsheet from running text as a formula, but writes negative numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).to.equal('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).to.equal("'+1");
    expect(csvCell('-2')).to.equal("'-2");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell(-0.53)).to.equal('-0.53');
    expect(csvCell(Number.NaN)).to.equal('');
  });

  it('is read back cell for cell by parseCsv', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        // A record of nothing but empty cells is a blank line, which readers skip: give each row a marker.
        const marked = rows.map((row) => ['r', ...row]);
        expect(parseCsv(formatCsv(['h', 'a', 'b'], marked))).to.deep.equal([['h', 'a', 'b'], ...marked]);
      }),
    );
  });
});
