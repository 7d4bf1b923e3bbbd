import { expect } from 'chai';
import { DomainError } from '../../server/domain/errors.js';
import {
  assertAcceptablePassword,
  MIN_PASSWORD_LENGTH,
  normaliseEmail,
} from '../../server/domain/identity/account.js';

/** The DomainError `work` throws (fails the test when it throws nothing or something else). */
function domainError(work: () => void): DomainError {
  try {
    work();
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    return error as DomainError;
  }
  expect.fail('expected a DomainError');
}

describe('account rules', () => {
  describe('normaliseEmail', () => {
    it('trims and lower-cases, so one address is one account', () => {
      expect(normaliseEmail('  Casey.Candidate@ACME.Test \n')).to.equal('casey.candidate@acme.test');
    });
    it('is idempotent', () => {
      const once = normaliseEmail(' A@B.C ');
      expect(normaliseEmail(once)).to.equal(once);
    });
  });

  describe('assertAcceptablePassword', () => {
    it(`accepts ${MIN_PASSWORD_LENGTH} characters or more`, () => {
      expect(() =>
        assertAcceptablePassword('a'.repeat(MIN_PASSWORD_LENGTH), 'x@example.test'),
      ).to.not.throw();
      expect(() => assertAcceptablePassword('correct horse battery staple', 'x@example.test')).to.not.throw();
    });

    it('refuses a short password with validation_failed pointing at /password', () => {
      const error = domainError(() =>
        assertAcceptablePassword('a'.repeat(MIN_PASSWORD_LENGTH - 1), 'x@example.test'),
      );
      expect(error.code).to.equal('validation_failed');
      expect(error.details).to.deep.equal([
        { path: '/password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` },
      ]);
    });

    it('counts characters, not UTF-16 code units', () => {
      // Nine emoji are eighteen code units but nine characters: still too short.
      const nineEmoji = '\u{1F510}'.repeat(MIN_PASSWORD_LENGTH - 1);
      expect(nineEmoji.length).to.be.greaterThan(MIN_PASSWORD_LENGTH);
      expect(domainError(() => assertAcceptablePassword(nineEmoji, 'x@example.test')).code).to.equal(
        'validation_failed',
      );
    });

    it('refuses the e-mail address itself, whatever its case and spaces', () => {
      const error = domainError(() => assertAcceptablePassword(' Casey@Acme.test ', 'casey@acme.test'));
      expect(error.code).to.equal('validation_failed');
      expect(error.details?.[0]?.path).to.equal('/password');
    });
  });
});
