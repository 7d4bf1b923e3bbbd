import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt parameters: N=2^15, r=8, p=1 is OWASP's recommended minimum for interactive logins (2024 cheat sheet).
const N = 32768;
const R = 8;
const P = 1;
const KEY_LEN = 64;
const MAX_MEM = 64 * 1024 * 1024;
const MAX_N = 2 ** 17;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, { N: n, r, p, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes and checks passwords with node:crypto scrypt; the parameters travel inside the stored hash. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string | null): Promise<boolean>;
}

/** The scrypt hasher; `cost` lowers N for tests and benchmarks that create thousands of users. */
export function scryptPasswordHasher(cost: { n?: number } = {}): PasswordHasher {
  const n = cost.n ?? N;
  // A fixed hash to compare against when the user does not exist, so timing does not reveal which e-mails exist.
  let decoy: Promise<string> | undefined;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, n, R, P);
      return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, stored) {
      decoy ??= this.hash('decoy password for unknown accounts');
      const [scheme, ns, rs, ps, saltB64, keyB64] = (stored ?? (await decoy)).split('$');
      const [cost, blockSize, parallel] = [Number(ns), Number(rs), Number(ps)];
      // A corrupt stored hash is a failed match, not a crash; the cap keeps a bad row from asking for gigabytes.
      if (scheme !== 'scrypt' || !saltB64 || !keyB64 || !(cost <= MAX_N)) return false;
      const expected = Buffer.from(keyB64, 'base64');
      const actual = await derive(password, Buffer.from(saltB64, 'base64'), cost, blockSize, parallel).catch(
        () => null,
      );
      return (
        stored !== null &&
        actual !== null &&
        actual.length === expected.length &&
        timingSafeEqual(actual, expected)
      );
    },
  };
}
