import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildExamClient } from '../../scripts/client-build.js';
import { loadConfig } from '../../server/config.js';

describe('the first `npm start` of a fresh clone builds the client', function () {
  this.timeout(120_000);
  const before = process.env.NODE_ENV;
  let outDir: string;
  beforeEach(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-client-'));
  });
  afterEach(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  });

  it('and the server it then starts still runs in development on the embedded database', async () => {
    delete process.env.NODE_ENV;
    await buildExamClient(outDir);
    expect(fs.existsSync(path.join(outDir, 'index.html'))).to.equal(true);
    // Vite sets NODE_ENV=production while it builds; left so, the server would refuse PGlite at start.
    expect(process.env.NODE_ENV).to.equal(undefined);
    expect(loadConfig(process.env).nodeEnv).to.equal('development');
  });
});
