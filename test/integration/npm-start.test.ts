import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `root`, from the process table. */
function descendants(root: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((pair) => pair.length === 2);
  const found: number[] = [];
  for (let frontier = [root]; frontier.length > 0; ) {
    frontier = table.filter(([, ppid]) => frontier.includes(ppid!)).map(([pid]) => pid!);
    found.push(...frontier);
  }
  return found;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('npm start under a process manager', function () {
  this.timeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-npm-start-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops the server gracefully when the npm process gets SIGTERM', async () => {
    // A client build of its own, so the test does not build the real one.
    fs.mkdirSync(path.join(dir, 'client'));
    fs.writeFileSync(path.join(dir, 'client', 'index.html'), '<!doctype html><title>test client</title>');
    const npm = spawn('npm', ['start'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: path.join(dir, 'data'),
        CLIENT_DIST_DIR: path.join(dir, 'client'),
        DATABASE_URL: '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    npm.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const started = await until(() => output.includes('Certamen is listening'), 150_000);
    expect(started, output).to.equal(true);
    const url = /"url":"(http:\/\/localhost:\d+)"/.exec(output)![1]!;
    expect((await fetch(`${url}/healthz`)).status).to.equal(200);
    // Whatever npm runs the script under (a shell, tsx, node), these are the processes below it.
    const children = descendants(npm.pid!);
    expect(children).to.not.be.empty;

    npm.kill('SIGTERM');
    await npmExited;
    try {
      expect(
        await until(() => children.every((pid) => !isRunning(pid)), 15_000),
        'the server outlived npm',
      ).to.equal(true);
      expect(output).to.contain('shutting down: finishing open requests');
      const afterStop = await fetch(`${url}/healthz`).then(
        () => 'answered',
        (error: Error) => String((error.cause as NodeJS.ErrnoException | undefined)?.code),
      );
      expect(afterStop).to.equal('ECONNREFUSED');
    } finally {
      // A failing run must not leave a server behind.
      for (const pid of children.filter(isRunning)) process.kill(pid, 'SIGKILL');
    }
  });
});
