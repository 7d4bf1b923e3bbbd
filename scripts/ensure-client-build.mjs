// `npm start` runs this first: builds the exam-client when its build is missing, so a fresh clone just works.
import { existsSync } from 'node:fs';

if (!existsSync('exam-client/dist/index.html')) {
  console.log('Building the exam client (first start)…');
  const { build } = await import('vite');
  await build({ configFile: 'exam-client/vite.config.ts', logLevel: 'warn' });
}
