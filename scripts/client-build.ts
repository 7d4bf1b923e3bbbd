import { fileURLToPath } from 'node:url';

// Builds the exam client with Vite, for `npm start` on a fresh clone.

/**
 * Builds the exam client into `outDir`. Vite's build sets process.env.NODE_ENV to "production" for the bundle;
 * the process that asked (the server, about to start) keeps the NODE_ENV it had, or it would refuse the
 * embedded database a fresh clone starts on.
 */
export async function buildExamClient(outDir: string): Promise<void> {
  // Imported lazily: mocha may load test files through require(), and vite's build then fails to resolve
  // its own 'vite/modulepreload-polyfill' when vite itself was loaded by require(esm).
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({
      configFile: fileURLToPath(new URL('../exam-client/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
