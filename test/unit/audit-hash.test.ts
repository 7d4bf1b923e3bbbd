import { expect } from 'chai';
import {
  type AuditEntry,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
} from '../../server/persistence/audit-chain.js';

type Unhashed = Omit<AuditEntry, 'hash'>;

const base: Unhashed = {
  tenantId: '6f1c2a44-8b1e-4c53-9d0a-3c2b1a0f9e01',
  seq: 7,
  occurredAt: new Date('2026-11-22T09:00:00.123Z'),
  actorId: '0b7e6a2c-1d4f-4e8a-a9b3-5c6d7e8f9a0b',
  action: 'user.roles_changed',
  subjectType: 'user',
  subjectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  details: { before: { roles: ['candidate'] }, after: { roles: ['candidate', 'proctor'] } },
  prevHash: 'ab'.repeat(32),
};

describe('audit chain hashing', () => {
  describe('canonicalJson', () => {
    it('does not depend on key order, at any depth', () => {
      const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' } };
      const b = { a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };
      expect(canonicalJson(a)).to.equal(canonicalJson(b));
      expect(canonicalJson(a)).to.equal('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1}');
    });

    it('keeps array order, which carries meaning', () => {
      expect(canonicalJson([1, 2])).to.not.equal(canonicalJson([2, 1]));
    });

    it('drops undefined members, as storing the object as jsonb does', () => {
      expect(canonicalJson({ a: 1, b: undefined })).to.equal(canonicalJson({ a: 1 }));
      expect(canonicalJson({ a: 1, b: undefined })).to.equal(
        canonicalJson(JSON.parse(JSON.stringify({ a: 1 }))),
      );
    });

    it('encodes scalars as JSON', () => {
      expect(canonicalJson('x"y')).to.equal('"x\\"y"');
      expect(canonicalJson(null)).to.equal('null');
      expect(canonicalJson(undefined)).to.equal('null');
      expect(canonicalJson(1.5)).to.equal('1.5');
    });
  });

  describe('entryHash', () => {
    it('is 64 hex digits and deterministic', () => {
      expect(entryHash(base)).to.match(/^[0-9a-f]{64}$/);
      expect(entryHash({ ...base })).to.equal(entryHash(base));
    });

    it('does not depend on the key order of details', () => {
      const reordered = { ...base, details: { after: base.details.after, before: base.details.before } };
      expect(entryHash(reordered)).to.equal(entryHash(base));
    });

    const changes: Array<[keyof Unhashed, Unhashed[keyof Unhashed]]> = [
      ['tenantId', '6f1c2a44-8b1e-4c53-9d0a-3c2b1a0f9e02'],
      ['seq', 8],
      ['occurredAt', new Date('2026-11-22T09:00:00.124Z')],
      ['actorId', null],
      ['action', 'user.updated'],
      ['subjectType', 'passkey'],
      ['subjectId', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5e'],
      ['details', { before: { roles: ['candidate'] }, after: { roles: ['candidate', 'admin'] } }],
      ['prevHash', GENESIS_HASH],
    ];
    for (const [field, value] of changes) {
      it(`changes when ${field} changes`, () => {
        expect(entryHash({ ...base, [field]: value })).to.not.equal(entryHash(base));
      });
    }

    it('covers every field of an entry (the list above is complete)', () => {
      expect(changes.map(([field]) => field).sort()).to.deep.equal(Object.keys(base).sort());
    });
  });
});
