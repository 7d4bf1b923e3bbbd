import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { type PasswordHasher, scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import { createTestDatabase } from '../support/database.js';

const quiet = { logger: pino({ level: 'silent' }), passwords: scryptPasswordHasher({ n: 1024 }) };
const key = () => randomBytes(32).toString('base64');

function nodeConfig(dataDir: string, keyEncryptionKey: string, port = '0') {
  return loadConfig({
    PORT: port,
    NODE_ENV: 'test',
    SEED_DEMO: 'true',
    DATA_DIR: dataDir,
    TOKEN_SECRET: key(),
    KEY_ENCRYPTION_KEY: keyEncryptionKey,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('starting a node', function () {
  this.timeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-startup-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start when its key-encryption key cannot open the stored signing keys, naming the cause', async () => {
    const database = await createTestDatabase();
    try {
      const kek = key();
      // The first node seeds the demo, which issues a credential and so seals acme's signing key.
      const first = await startServer(nodeConfig(dataDir, kek), { ...quiet, database });
      const list = await fetch(`${first.url}/issuers/acme/status/revocation`);
      expect(list.status).to.equal(200);
      await first.close();

      let refusal: unknown;
      try {
        const second = await startServer(nodeConfig(dataDir, key()), { ...quiet, database });
        // Before the check, such a node reported ready and answered 500 here and on every issuance.
        const broken = await fetch(`${second.url}/issuers/acme/status/revocation`);
        await second.close();
        expect.fail(`a node with another key-encryption key started (revocation list: ${broken.status})`);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).to.be.instanceOf(Error);
      const message = (refusal as Error).message;
      expect(message).to.contain('key-encryption key cannot open');
      expect(message).to.contain('"acme"');
      expect(message).to.contain('KEY_ENCRYPTION_KEY');

      // With the right key the node starts and signs as before.
      const third = await startServer(nodeConfig(dataDir, kek), { ...quiet, database });
      expect((await fetch(`${third.url}/issuers/acme/status/revocation`)).status).to.equal(200);
      await third.close();
    } finally {
      await database.close();
    }
  });

  it('opens its port only once the app and the sockets are attached', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    // Seeding the demo hashes passwords; holding the first hash holds the start half-way.
    let releaseSeeding = () => {};
    const held = new Promise<void>((resolve) => {
      releaseSeeding = resolve;
    });
    let seedingStarted = () => {};
    const started = new Promise<void>((resolve) => {
      seedingStarted = resolve;
    });
    const passwords: PasswordHasher = {
      hash: async (password) => {
        seedingStarted();
        await held;
        return quiet.passwords.hash(password);
      },
      verify: (password, stored) => quiet.passwords.verify(password, stored),
    };
    const starting = startServer(nodeConfig(dataDir, key(), String(port)), {
      logger: quiet.logger,
      passwords,
      database,
    });
    try {
      await started;
      const early = await fetch(`http://localhost:${port}/healthz`, {
        signal: AbortSignal.timeout(3000),
      }).then(
        (res) => `answered ${res.status}`,
        (error: Error) => String((error.cause as NodeJS.ErrnoException | undefined)?.code ?? error.name),
      );
      // Refused outright, not accepted and left hanging by a server with no app behind it yet.
      expect(early).to.equal('ECONNREFUSED');
    } finally {
      releaseSeeding();
    }
    const server = await starting;
    try {
      expect(server.url).to.contain(String(port));
      expect((await fetch(`http://localhost:${port}/healthz`)).status).to.equal(200);
    } finally {
      await server.close();
      await database.close();
    }
  });
});
