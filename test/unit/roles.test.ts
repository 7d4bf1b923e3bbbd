import { expect } from 'chai';
import {
  canGrantRoles,
  hasAnyRole,
  normaliseRoles,
  ROLES,
  type Role,
  TENANT_GRANTABLE_ROLES,
} from '../../server/domain/identity/roles.js';

describe('roles', () => {
  describe('hasAnyRole', () => {
    it('is true when one held role is allowed', () => {
      expect(hasAnyRole(['candidate', 'proctor'], ['proctor', 'admin'])).to.equal(true);
    });
    it('is false when no held role is allowed, or nothing is held or allowed', () => {
      expect(hasAnyRole(['candidate'], ['proctor', 'admin'])).to.equal(false);
      expect(hasAnyRole([], ['candidate'])).to.equal(false);
      expect(hasAnyRole(['admin'], [])).to.equal(false);
    });
  });

  describe('normaliseRoles', () => {
    it('sorts into the canonical order and drops duplicates', () => {
      expect(normaliseRoles(['platform_admin', 'candidate', 'admin', 'candidate'])).to.deep.equal([
        'candidate',
        'admin',
        'platform_admin',
      ]);
    });
    it('gives the same list for any permutation', () => {
      const a = normaliseRoles(['proctor', 'author', 'partner_manager']);
      const b = normaliseRoles(['partner_manager', 'proctor', 'author']);
      expect(a).to.deep.equal(b);
    });
    it('does not mutate its input', () => {
      const input: Role[] = ['admin', 'candidate', 'admin'];
      normaliseRoles(input);
      expect(input).to.deep.equal(['admin', 'candidate', 'admin']);
    });
  });

  describe('canGrantRoles', () => {
    it('lets a platform admin grant any role, platform_admin included', () => {
      expect(canGrantRoles(['platform_admin'], [...ROLES])).to.equal(true);
    });
    it('lets a tenant admin grant every tenant role but not platform_admin', () => {
      expect(canGrantRoles(['admin'], [...TENANT_GRANTABLE_ROLES])).to.equal(true);
      expect(canGrantRoles(['admin'], ['platform_admin'])).to.equal(false);
      expect(canGrantRoles(['admin'], ['candidate', 'platform_admin'])).to.equal(false);
    });
    it('lets no one else grant anything', () => {
      for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'platform_admin')) {
        expect(canGrantRoles([role], ['candidate']), role).to.equal(false);
      }
      expect(canGrantRoles([], ['candidate'])).to.equal(false);
    });
    it('keeps platform_admin out of the tenant-grantable list', () => {
      expect(TENANT_GRANTABLE_ROLES).to.not.include('platform_admin');
      expect([...TENANT_GRANTABLE_ROLES, 'platform_admin'].sort()).to.deep.equal([...ROLES].sort());
    });
  });
});
