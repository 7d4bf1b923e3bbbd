import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

interface Node {
  readonly child: ChildProcess;
  readonly url: string;
  readonly log: () => string;
}

// Runs the real entry point as its own process on the embedded database in `dataDir`.
function startNode(dataDir: string): Promise<Node> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
  };
  env.DATABASE_URL = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/localhost:\d+)"[^\n]*Certamen is listening/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], log: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function signIn(url: string, email: string, password: string) {
  return fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', email, password }),
  });
}

describe('a node on the embedded database, stopped with SIGTERM and started again', function () {
  this.timeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-restart-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('exits cleanly and keeps the accounts registered before the stop', async () => {
    const first = await startNode(dataDir);
    expect(first.log()).to.contain('seeded the demo tenant');
    const registered = await fetch(`${first.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: 'acme',
        email: 'kept@acme.test',
        password: 'kept across restarts',
        displayName: 'Kept',
      }),
    });
    expect(registered.status).to.equal(202);
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect(await exited).to.equal(0);

    const second = await startNode(dataDir);
    try {
      expect(second.log()).not.to.contain('seeded the demo tenant');
      expect((await signIn(second.url, 'kept@acme.test', 'kept across restarts')).status).to.equal(200);
      expect((await signIn(second.url, 'admin@acme.test', 'certamen-demo')).status).to.equal(200);
    } finally {
      const done = exitOf(second.child);
      second.child.kill('SIGTERM');
      expect(await done).to.equal(0);
    }
  });
});
