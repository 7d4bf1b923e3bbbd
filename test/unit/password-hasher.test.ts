import { expect } from 'chai';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';

describe('scrypt password hasher (production cost)', function () {
  // N=2^15 takes tens of milliseconds per derivation; leave room on a slow CI machine.
  this.timeout(20_000);
  const hasher = scryptPasswordHasher();
  const password = 'correct horse battery staple';
  let stored: string;

  before(async () => {
    stored = await hasher.hash(password);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await hasher.verify(password, stored)).to.equal(true);
    expect(await hasher.verify('correct horse battery stapler', stored)).to.equal(false);
    expect(await hasher.verify('', stored)).to.equal(false);
  });

  it('salts: two hashes of one password differ and both verify', async () => {
    const again = await hasher.hash(password);
    expect(again).to.not.equal(stored);
    expect(await hasher.verify(password, again)).to.equal(true);
  });

  it('stores the scheme and its parameters with the salt and key', () => {
    const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
    expect(rest).to.deep.equal([]);
    expect({ scheme, n, r, p }).to.deep.equal({ scheme: 'scrypt', n: '32768', r: '8', p: '1' });
    expect(Buffer.from(salt!, 'base64')).to.have.length(16);
    expect(Buffer.from(key!, 'base64')).to.have.length(64);
  });

  it('verifies hashes made at another cost, because the parameters travel with the hash', async () => {
    const cheap = await scryptPasswordHasher({ n: 1024 }).hash(password);
    expect(cheap.split('$')[1]).to.equal('1024');
    expect(await hasher.verify(password, cheap)).to.equal(true);
  });

  it('answers false for no stored hash (unknown account) and for a hash of another scheme', async () => {
    expect(await hasher.verify(password, null)).to.equal(false);
    expect(await hasher.verify(password, 'bcrypt$2b$10$abc')).to.equal(false);
    expect(await hasher.verify(password, '')).to.equal(false);
  });

  it('answers false, not an error, for a corrupt stored hash (a bad row must be a failed sign-in, not a 500)', async () => {
    const salt = Buffer.alloc(16, 1).toString('base64');
    const key = Buffer.alloc(64, 2).toString('base64');
    for (const corrupt of [
      `scrypt$abc$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`,
      `scrypt$32768$8$$${salt}$${key}`,
    ]) {
      const verdict = await hasher
        .verify(password, corrupt)
        .catch((error: Error) => `threw: ${error.message}`);
      expect(verdict, corrupt).to.equal(false);
    }
  });

  it('normalises Unicode (NFKC), so the same password typed on another keyboard verifies', async () => {
    const composed = await hasher.hash('Ångström-passwort');
    expect(await hasher.verify('A\u030Angstro\u0308m-passwort', composed)).to.equal(true);
  });
});
