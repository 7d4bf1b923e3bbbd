import { expect } from 'chai';
import {
  type CsvRowError,
  type HolderCsvResult,
  type LegacyHolderRow,
  parseHolderCsv,
} from '../../../server/domain/credentials/holder-csv.js';

const HEADER = 'name,email,certification,issued,expires,legacy id';

/** A file of the standard header and the given data lines, LF-terminated. */
const file = (...rows: string[]): string => [HEADER, ...rows].join('\n');

function rowsOf(result: HolderCsvResult): LegacyHolderRow[] {
  if (!result.ok) expect.fail(`expected rows, got errors: ${JSON.stringify(result.errors, null, 1)}`);
  return result.rows;
}

function errorsOf(result: HolderCsvResult): CsvRowError[] {
  if (result.ok) expect.fail('expected errors, got rows');
  return result.errors;
}

/** The errors of a file with one data row, which is on line 2. */
const rowErrors = (row: string): CsvRowError[] => errorsOf(parseHolderCsv(file(row)));

describe('parseHolderCsv', () => {
  describe('rows', () => {
    it('returns checked rows: trimmed, e-mail lower-cased, code upper-cased, empty optionals as null', () => {
      const result = parseHolderCsv(
        file(
          '  Ada Lovelace , Ada@Example.COM ,net-101, 2023-05-01 ,2026-05-01, OLD/0001 ',
          'Grace Hopper,grace@example.org,SEC.2,2024-02-29,,',
        ),
      );
      expect(rowsOf(result)).to.deep.equal([
        {
          line: 2,
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          certificationCode: 'NET-101',
          issuedOn: '2023-05-01',
          expiresOn: '2026-05-01',
          legacyId: 'OLD/0001',
        },
        {
          line: 3,
          name: 'Grace Hopper',
          email: 'grace@example.org',
          certificationCode: 'SEC.2',
          issuedOn: '2024-02-29',
          expiresOn: null,
          legacyId: null,
        },
      ]);
    });
    it('strips only surrounding whitespace: inner spaces and formula-like text stay as written', () => {
      const [row] = rowsOf(parseHolderCsv(file('"  =HYPERLINK(""x"")  Jr.  ",a@b.io,C1,2024-01-01,,')));
      expect(row!.name).to.equal('=HYPERLINK("x")  Jr.');
    });
    it('reads an Excel export: BOM, CRLF, quoted cells', () => {
      const text =
        '\uFEFFName,Email,Certification,Issued\r\n"Lovelace, Ada",ada@example.com,NET-101,2023-05-01\r\n';
      expect(rowsOf(parseHolderCsv(text))[0]).to.include({ line: 2, name: 'Lovelace, Ada' });
    });
    it('reads semicolon-separated files when the header has semicolons and no comma', () => {
      const text = 'name;email;certification;issued\nLovelace, Ada;ada@example.com;NET-101;2023-05-01\n';
      expect(rowsOf(parseHolderCsv(text))[0]).to.include({
        name: 'Lovelace, Ada',
        certificationCode: 'NET-101',
      });
    });
    it('stays on commas when the header has both', () => {
      const text = 'name,email,certification,issued,legacy id\nAda,ada@example.com,NET-101,2023-05-01,a;b\n';
      expect(errorsOf(parseHolderCsv(text))).to.deep.include({
        line: 2,
        column: 'legacyId',
        message:
          'legacy id: "a;b" is not a legacy ID (1 to 64 letters, digits, spaces, ".", "_", "/" or "-")',
      });
    });
    it('skips blank lines and rows of empty cells but counts them in line numbers', () => {
      const text = `\n${HEADER}\n\nAda,ada@example.com,NET-101,2023-05-01,,\n   \n,,,,,\r\nBad,nope,NET-101,2023-05-01,,\n`;
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        { line: 7, column: 'email', message: 'email: "nope" is not an e-mail address' },
      ]);
    });
    it('numbers rows by physical line when a quoted cell spans lines', () => {
      const text = file(
        '"Ada\nLovelace",ada@example.com,NET-101,2023-05-01,,',
        'Bob,bob@,NET-101,2023-05-01,,',
      );
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        {
          line: 2,
          column: 'name',
          message: 'name: contains a control character such as a tab or line break',
        },
        { line: 4, column: 'email', message: 'email: "bob@" is not an e-mail address' },
      ]);
    });
  });

  describe('the header', () => {
    it('matches names case-insensitively, ignoring spaces, underscores and dashes, in any order', () => {
      const text =
        'ISSUED_ON,Certification-Code,E-Mail,Full Name,expiry_date,Certificate ID\n2023-05-01,NET-101,ada@example.com,Ada,2025-01-01,X1\n';
      expect(rowsOf(parseHolderCsv(text))[0]).to.deep.equal({
        line: 2,
        name: 'Ada',
        email: 'ada@example.com',
        certificationCode: 'NET-101',
        issuedOn: '2023-05-01',
        expiresOn: '2025-01-01',
        legacyId: 'X1',
      });
    });
    it('accepts every documented alias', () => {
      const aliases = [
        ['name', 'holder name', 'full name'],
        ['email', 'e-mail', 'email address'],
        ['certification', 'certification code', 'code'],
        ['issued', 'issue date', 'issued on', 'issuedOn'],
        ['expires', 'expiry date', 'expires on', 'expiresOn', 'expiry'],
        ['legacy id', 'certificate id', 'legacyId', 'id'],
      ];
      for (let pick = 0; pick < 5; pick++) {
        const header = aliases.map((names) => names[pick % names.length]).join(',');
        const result = parseHolderCsv(`${header}\nAda,ada@example.com,NET-101,2023-05-01,2025-01-01,X1\n`);
        expect(rowsOf(result), header).to.have.length(1);
      }
    });
    it('reports missing required columns in one error on line 1', () => {
      expect(errorsOf(parseHolderCsv('name,expires\nAda,2025-01-01\n'))).to.deep.equal([
        { line: 1, column: null, message: 'missing required columns: email, certification, issued' },
      ]);
    });
    it('reports unknown columns by name, so a typo is not ignored', () => {
      const errors = errorsOf(
        parseHolderCsv('name,emial,certification,issued,notes\nAda,a@b.io,C1,2024-01-01,x\n'),
      );
      expect(errors).to.deep.equal([
        {
          line: 1,
          column: null,
          message:
            'unknown columns "emial", "notes"; the columns are name, email, certification, issued, expires, legacy id',
        },
        { line: 1, column: null, message: 'missing required column: email' },
      ]);
    });
    it('reports a column given twice, even under different aliases', () => {
      expect(errorsOf(parseHolderCsv('name,email,E-mail,certification,issued\n'))).to.deep.equal([
        { line: 1, column: 'email', message: 'columns "email" and "E-mail" both mean email' },
      ]);
    });
    it('reports a header cell with no name', () => {
      expect(errorsOf(parseHolderCsv('name,email,certification,issued,\n'))).to.deep.equal([
        { line: 1, column: null, message: 'column 5 has no name in the header' },
      ]);
    });
  });

  describe('the file as a whole', () => {
    it('rejects an empty file and a header with no rows', () => {
      const noRows = [{ line: 1, column: null, message: 'the file has no rows' }];
      expect(errorsOf(parseHolderCsv(''))).to.deep.equal(noRows);
      expect(errorsOf(parseHolderCsv('\uFEFF\r\n  \n'))).to.deep.equal(noRows);
      expect(errorsOf(parseHolderCsv(`${HEADER}\n\n`))).to.deep.equal(noRows);
    });
    it('rejects a row with the wrong number of cells', () => {
      expect(rowErrors('Lovelace, Ada,ada@example.com,NET-101,2023-05-01,,')).to.deep.equal([
        {
          line: 2,
          column: null,
          message:
            'the row has 7 cells but the header has 6 (a value with a comma or semicolon needs double quotes)',
        },
      ]);
      expect(rowErrors('Ada,ada@example.com,NET-101')).to.deep.equal([
        { line: 2, column: null, message: 'the row has 3 cells but the header has 6' },
      ]);
    });
    it('reports an unterminated quote on the line where it opened, after checking the rows before it', () => {
      const text = file(
        'Ada,bad,NET-101,2023-05-01,,',
        'Bob,bob@example.com,NET-101,2023-05-01,,',
        '"Cy,c@example.com,NET-101,2023-05-01,,',
        'Di,d@example.com,NET-101,2023-05-01,,',
      );
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        { line: 2, column: 'email', message: 'email: "bad" is not an e-mail address' },
        { line: 4, column: null, message: 'a quoted value opened on this line is never closed' },
      ]);
    });
    it('collects every problem in every row, each with its canonical column', () => {
      const text = file(
        ',not-an-email,net 101,03/04/2024,2024-13-01,bad*id',
        'Ada,ada@example.com,NET-101,2024-02-30,,',
      );
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        { line: 2, column: 'name', message: 'name: is required' },
        { line: 2, column: 'email', message: 'email: "not-an-email" is not an e-mail address' },
        {
          line: 2,
          column: 'certification',
          message:
            'certification: "net 101" is not a certification code (1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit)',
        },
        {
          line: 2,
          column: 'issued',
          message:
            'issued: "03/04/2024" is not a date (day and month order differ between countries); use YYYY-MM-DD',
        },
        { line: 2, column: 'expires', message: 'expires: 2024-13-01 is not a calendar date' },
        {
          line: 2,
          column: 'legacyId',
          message:
            'legacy id: "bad*id" is not a legacy ID (1 to 64 letters, digits, spaces, ".", "_", "/" or "-")',
        },
        { line: 3, column: 'issued', message: 'issued: 2024-02-30 is not a calendar date' },
      ]);
    });
    it('limits the rows to 5000 by default, in one error', () => {
      const row = (i: number) => `P${i},p${i}@example.com,NET-101,2023-05-01,,`;
      const rows = Array.from({ length: 5001 }, (_, i) => row(i));
      expect(rowsOf(parseHolderCsv(file(...rows.slice(0, 5000))))).to.have.length(5000);
      expect(errorsOf(parseHolderCsv(file(...rows, 'bad,row')))).to.deep.equal([
        {
          line: 5002,
          column: null,
          message: 'the file has 5002 rows; one import takes at most 5000, so split the file',
        },
      ]);
    });
    it('takes a lower limit from the caller and refuses a nonsense one', () => {
      const text = file('A,a@example.com,C1,2023-05-01,,', 'B,b@example.com,C1,2023-05-01,,');
      expect(errorsOf(parseHolderCsv(text, { maxRows: 1 }))[0]!.message).to.equal(
        'the file has 2 rows; one import takes at most 1, so split the file',
      );
      expect(() => parseHolderCsv(text, { maxRows: 0 })).to.throw(RangeError);
    });
  });

  describe('cells', () => {
    it('name: 1 to 80 characters (what the certificate prints whole) without control characters', () => {
      const long = 'é'.repeat(81);
      expect(
        rowsOf(parseHolderCsv(file(`${'é'.repeat(80)},a@b.io,C1,2024-01-01,,`)))[0]!.name,
      ).to.have.length(80);
      expect(rowErrors(`${long},a@b.io,C1,2024-01-01,,`)[0]!.message).to.equal(
        'name: is 81 characters long; the limit is 80',
      );
      expect(rowErrors('Ada\tL,a@b.io,C1,2024-01-01,,')[0]).to.include({ column: 'name' });
      expect(rowErrors('Ada\u0085L,a@b.io,C1,2024-01-01,,')[0]).to.include({ column: 'name' });
    });
    it('email: a sane address of at most 254 characters', () => {
      for (const good of [
        'a@b.io',
        'first.last+tag@mail.example.co.uk',
        "o'neil@xn--bcher-kva.de",
        'josé@bücher.de',
      ])
        expect(rowsOf(parseHolderCsv(file(`A,${good},C1,2024-01-01,,`)))[0]!.email, good).to.equal(good);
      for (const bad of [
        'ada',
        'ada@',
        '@b.io',
        'a@b',
        'a b@c.io',
        'a@@b.io',
        '.a@b.io',
        'a..b@c.io',
        'a@-b.io',
        'a@b.123',
        '"a"@b.io',
      ])
        expect(rowErrors(`A,"${bad.replaceAll('"', '""')}",C1,2024-01-01,,`), bad).to.deep.equal([
          { line: 2, column: 'email', message: `email: ${JSON.stringify(bad)} is not an e-mail address` },
        ]);
      const local = 'a'.repeat(64);
      const domain = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.io`;
      expect(rowsOf(parseHolderCsv(file(`A,${local}@b.io,C1,2024-01-01,,`)))).to.have.length(1);
      expect(rowErrors(`A,a${local}@b.io,C1,2024-01-01,,`)[0]).to.include({ column: 'email' });
      expect(rowErrors(`A,${local}@${domain},C1,2024-01-01,,`)[0]!.message).to.equal(
        'email: is longer than 254 characters',
      );
      expect(rowErrors('A,,C1,2024-01-01,,')[0]!.message).to.equal('email: is required');
    });
    it('certification: upper-cased, letters, digits, ".", "_", "-", at most 32', () => {
      expect(rowsOf(parseHolderCsv(file('A,a@b.io,aws_sa-2.1,2024-01-01,,')))[0]!.certificationCode).to.equal(
        'AWS_SA-2.1',
      );
      expect(rowsOf(parseHolderCsv(file(`A,a@b.io,${'C'.repeat(32)},2024-01-01,,`)))).to.have.length(1);
      for (const bad of [`${'C'.repeat(33)}`, '-NET', '.NET', 'NET 101', 'NET/101', 'NÉT'])
        expect(rowErrors(`A,a@b.io,${bad},2024-01-01,,`)[0], bad).to.include({ column: 'certification' });
    });
    it('certification: no letter that upper-cases into ASCII ("ſ" to "S", "ﬁ" to "FI") slips through', () => {
      expect(rowErrors('A,a@b.io,ſec,2024-01-01,,')[0]).to.include({ column: 'certification' });
      expect(rowErrors('A,a@b.io,ﬁre,2024-01-01,,')[0]).to.include({ column: 'certification' });
    });
    it('dates: only real YYYY-MM-DD calendar dates, leap years by the Gregorian rule', () => {
      for (const good of ['2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01'])
        expect(rowsOf(parseHolderCsv(file(`A,a@b.io,C1,${good},,`)))[0]!.issuedOn).to.equal(good);
      for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-00-10', '2024-01-00', '0000-01-01'])
        expect(rowErrors(`A,a@b.io,C1,${bad},,`), bad).to.deep.equal([
          { line: 2, column: 'issued', message: `issued: ${bad} is not a calendar date` },
        ]);
    });
    it('dates: anything but YYYY-MM-DD is refused with the format to use', () => {
      for (const bad of [
        '2024-3-4',
        '2024/03/04',
        '2024-03-04T10:00:00Z',
        'March 4, 2024',
        '45355',
        '２０２４-03-04',
      ]) {
        const [error] = rowErrors(`A,a@b.io,C1,"${bad}",,`);
        expect(error!.message, bad).to.match(/^issued: ".*" is not a date; use YYYY-MM-DD$/);
      }
      expect(rowErrors('A,a@b.io,C1,2024-01-01,04.03.2025,')[0]!.message).to.equal(
        'expires: "04.03.2025" is not a date (day and month order differ between countries); use YYYY-MM-DD',
      );
      expect(rowErrors('A,a@b.io,C1,,,')[0]!.message).to.equal('issued: is required');
    });
    it('expires: after issued, or null when empty', () => {
      for (const expires of ['2024-01-01', '2023-12-31'])
        expect(rowErrors(`A,a@b.io,C1,2024-01-01,${expires},`), expires).to.deep.equal([
          { line: 2, column: 'expires', message: `expires: ${expires} must be after issued (2024-01-01)` },
        ]);
      expect(rowsOf(parseHolderCsv(file('A,a@b.io,C1,2024-01-01,2024-01-02,')))[0]!.expiresOn).to.equal(
        '2024-01-02',
      );
      expect(rowsOf(parseHolderCsv(file('A,a@b.io,C1,2024-01-01,   ,')))[0]!.expiresOn).to.equal(null);
    });
    it('legacyId: 1 to 64 of letters, digits, space, ".", "_", "/", "-", or null when empty', () => {
      const id = `Ab 0._/-${'x'.repeat(56)}`;
      expect(rowsOf(parseHolderCsv(file(`A,a@b.io,C1,2024-01-01,,${id}`)))[0]!.legacyId).to.equal(id);
      expect(rowErrors(`A,a@b.io,C1,2024-01-01,,${id}x`)[0]).to.include({ column: 'legacyId' });
      expect(rowErrors('A,a@b.io,C1,2024-01-01,,ID#7')[0]).to.include({ column: 'legacyId' });
    });
  });

  describe('duplicates within the file', () => {
    it('reports a legacy ID seen before, on the later line', () => {
      const text = file(
        'A,a@b.io,C1,2024-01-01,,L-1',
        'B,b@b.io,C1,2024-01-01,,L-2',
        'C,c@b.io,C1,2024-01-01,, L-1 ',
      );
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        { line: 4, column: 'legacyId', message: 'legacy ID L-1 already appears on line 2' },
      ]);
    });
    it('reports the same e-mail, certification and issue date twice, whatever the case', () => {
      const text = file(
        'A,a@b.io,c1,2024-01-01,,',
        'A,a@b.io,C1,2024-01-02,,',
        'A,a@b.io,C2,2024-01-01,,',
        'A.,A@B.IO,C1,2024-01-01,2027-01-01,',
      );
      expect(errorsOf(parseHolderCsv(text))).to.deep.equal([
        { line: 5, column: null, message: 'a@b.io already holds C1 issued on 2024-01-01 on line 2' },
      ]);
    });
  });
});
