import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { bankFile } from '../support/items.js';

// Test code may read process.env: this file is about the embedded database, held by one process at a time.
const onPostgres = Boolean(process.env.DATABASE_URL);

function environment(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
    DATABASE_URL: '',
  };
}

// The real entry point as its own process; resolves once it listens, or with its exit when it refuses.
function startNode(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: environment(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const outcome = new Promise<{ listening: boolean; code: number | null }>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Certamen is listening')) resolve({ listening: true, code: null });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolve({ listening: false, code }));
  });
  return { child, outcome, output: () => output };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function importItems(dataDir: string, file: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/items-import.ts', file, '--tenant', 'acme'],
      { env: environment(dataDir), timeout: 100_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('an embedded data directory is held by one process at a time', function () {
  this.timeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-lock-'));
  const bank = path.join(dataDir, 'bank.json');
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a command-line tool and a second server while a server runs, naming the holder; takes over a stale lock (embedded PGlite only: skipped when DATABASE_URL is set, PostgreSQL serves many processes)', async function () {
    if (onPostgres) this.skip();
    fs.writeFileSync(bank, JSON.stringify(bankFile({ locking: 2 })));
    const server = startNode(dataDir);
    expect((await server.outcome).listening, server.output()).to.equal(true);
    try {
      // Before: the tool printed the items as imported and exited 0, and the server never saw them.
      const tool = await importItems(dataDir, bank);
      expect(tool.code).to.equal(2);
      expect(tool.stdout).to.not.contain('imported');
      expect(tool.stderr).to.contain(`in use by process ${server.child.pid}`);
      expect(tool.stderr).to.contain(path.join(dataDir, 'pglite'));
      expect(tool.stderr).to.contain('DATABASE_URL');

      const second = startNode(dataDir);
      const refused = await second.outcome;
      expect(refused.listening).to.equal(false);
      expect(refused.code).to.equal(2);
      expect(second.output()).to.contain('Certamen cannot start');
      expect(second.output()).to.contain(`in use by process ${server.child.pid}`);
    } finally {
      expect(await stop(server.child)).to.equal(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).to.equal(false);

    // A holder that died without letting go (kill -9, power cut) does not lock the directory for good.
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    fs.writeFileSync(path.join(dataDir, 'pglite.lock'), `${dead}\n`);
    const imported = await importItems(dataDir, bank);
    expect(imported.stderr).to.equal('');
    expect(imported.code).to.equal(0);
    expect(imported.stdout).to.contain('imported 2 items: 2 new');
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).to.equal(false);
  });
});
