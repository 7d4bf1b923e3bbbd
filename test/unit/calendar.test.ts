import { expect } from 'chai';
import {
  dayInWords,
  instantInWords,
  isWithinCalendar,
  parseDay,
  parseInstant,
} from '../../server/domain/calendar.js';

describe('calendar: the dates Certamen takes in', () => {
  it('reads real days of years 0001 to 9999 as midnight UTC', () => {
    expect(parseDay('0001-01-01')?.toISOString()).to.equal('0001-01-01T00:00:00.000Z');
    expect(parseDay('9999-12-31')?.toISOString()).to.equal('9999-12-31T00:00:00.000Z');
    expect(parseDay('2024-02-29')?.toISOString()).to.equal('2024-02-29T00:00:00.000Z');
    for (const text of [
      '0000-01-01',
      '2023-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-00-10',
      '+02026-01-01',
      '2026-1-1',
      '',
    ])
      expect(parseDay(text), text).to.equal(null);
  });

  it('reads RFC 3339 instants with their offsets, and refuses those outside years 0001–9999 in UTC', () => {
    expect(parseInstant('2026-11-22T10:00:00+01:00')?.toISOString()).to.equal('2026-11-22T09:00:00.000Z');
    expect(parseInstant('0001-01-01T00:00:00Z')?.toISOString()).to.equal('0001-01-01T00:00:00.000Z');
    expect(parseInstant('0001-01-01T23:00:00+23:00')?.toISOString()).to.equal('0001-01-01T00:00:00.000Z');
    expect(parseInstant('9999-12-31T23:59:59.999Z')?.toISOString()).to.equal('9999-12-31T23:59:59.999Z');
    expect(parseInstant('9999-12-31T00:00:00.123456-00:00')?.toISOString()).to.equal(
      '9999-12-31T00:00:00.123Z',
    );
    for (const text of [
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59-23:59',
      '0001-01-01T00:00:00+00:01',
      '2016-12-31T23:59:60Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01T00:00:00',
      '2026-01-01',
    ])
      expect(parseInstant(text), text).to.equal(null);
  });

  it('bounds instants computed from others (an expiry after year 9999 is outside)', () => {
    expect(isWithinCalendar(new Date(Date.UTC(10000, 0, 1)))).to.equal(false);
    expect(isWithinCalendar(new Date(Number.NaN))).to.equal(false);
    expect(isWithinCalendar(new Date('9999-12-31T23:59:59.999Z'))).to.equal(true);
  });
});

describe('dates in words', () => {
  it('writes UTC days and instants the same way whatever the process locale', () => {
    expect(dayInWords(new Date('2028-12-02T23:30:00Z'))).to.equal('2 December 2028');
    expect(dayInWords(new Date('0001-01-01T00:00:00Z'))).to.equal('1 January 1');
    expect(instantInWords(new Date('2026-12-20T10:00:00Z'))).to.equal('20 December 2026 at 10:00 UTC');
    expect(() => dayInWords(new Date(Number.NaN))).to.throw(RangeError);
  });
});
