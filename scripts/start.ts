// `npm start`: one node process that builds the exam client when its build is missing (so a fresh clone just
// works) and then runs the server in this same process. npm hands SIGTERM and SIGINT to this process, so a
// process manager stopping `npm start` stops the server gracefully (no shell in between to orphan it).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { main } from '../server/main.js';
import { buildExamClient } from './client-build.js';

const DEFAULT_CLIENT_DIST = path.resolve('exam-client/dist');

async function ensureClientBuild(): Promise<void> {
  let clientDistDir: string;
  try {
    clientDistDir = loadConfig().clientDistDir;
  } catch {
    return; // main() reports the bad setting and stops.
  }
  // A CLIENT_DIST_DIR of one's own is served as it is; only the default build is made here.
  if (clientDistDir !== DEFAULT_CLIENT_DIST || fs.existsSync(path.join(clientDistDir, 'index.html'))) return;
  console.log('Building the exam client (first start)…');
  await buildExamClient(clientDistDir);
}

await ensureClientBuild();
await main();
