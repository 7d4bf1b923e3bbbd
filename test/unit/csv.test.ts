import { expect } from 'chai';
import fc from 'fast-check';
import { parseCsv } from '../../server/domain/csv.js';
import { DomainError } from '../../server/domain/errors.js';

describe('parseCsv', () => {
  it('splits records on LF, CRLF and a lone CR, and cells on commas', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h')).to.deep.equal([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });
  it('reads quoted cells with commas, "" escapes and line breaks', () => {
    expect(parseCsv('"Smith, Jo","say ""hi""","two\r\nlines"\nx,"",y')).to.deep.equal([
      ['Smith, Jo', 'say "hi"', 'two\r\nlines'],
      ['x', '', 'y'],
    ]);
  });
  it('keeps empty cells, including a trailing one', () => {
    expect(parseCsv('a,,\n,b')).to.deep.equal([
      ['a', '', ''],
      ['', 'b'],
    ]);
  });
  it('ignores a leading BOM, blank lines and a trailing line break', () => {
    expect(parseCsv('\uFEFFa,b\n\n\r\nc,d\n')).to.deep.equal([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('')).to.deep.equal([]);
  });
  it('treats a quote inside an unquoted cell as text and allows spaces after a closing quote', () => {
    expect(parseCsv('5" disk,"x"  ,y')).to.deep.equal([['5" disk', 'x', 'y']]);
  });
  it('rejects an unterminated quote, naming the line where it opened', () => {
    expect(() => parseCsv('a,b\nc,"d\ne,f\n'))
      .to.throw(DomainError, 'line 2: a quoted value opened on this line is never closed')
      .with.property('code', 'validation_failed');
  });
  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('a,"b"c\n')).to.throw(DomainError, /line 1: unexpected text after a closing quote/);
  });

  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\r', '\n', '\t', 'é', '\uFEFF', '😀') }),
    fc.string({ unit: 'binary' }),
  );
  const records = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 6 });
  const lineBreak = fc.constantFrom('\n', '\r\n');

  /** Encodes records as RFC 4180 text; a lone empty cell is quoted, since an empty line would be skipped. */
  function encode(rows: string[][], eol: string, trailingBreak: boolean, quoteAll: boolean): string {
    const field = (value: string, lone: boolean) =>
      quoteAll || lone || /^\uFEFF|[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    const text = rows
      .map((row) => row.map((value) => field(value, row.length === 1 && value === '')).join(','))
      .join(eol);
    return trailingBreak && rows.length > 0 ? text + eol : text;
  }

  it('gives back any cells encoded with the quoting RFC 4180 requires', () => {
    fc.assert(
      fc.property(records, lineBreak, fc.boolean(), (rows, eol, trailing) => {
        expect(parseCsv(encode(rows, eol, trailing, false))).to.deep.equal(rows);
      }),
      { numRuns: 500 },
    );
  });
  it('gives back any cells when every cell is quoted', () => {
    fc.assert(
      fc.property(records, lineBreak, fc.boolean(), (rows, eol, trailing) => {
        expect(parseCsv(encode(rows, eol, trailing, true))).to.deep.equal(rows);
      }),
      { numRuns: 300 },
    );
  });
});
