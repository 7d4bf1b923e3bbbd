// Builds the exam client with Vite, for `npm start` on a fresh clone.

/**
 * Builds the exam client into `outDir`. Vite's build sets process.env.NODE_ENV to "production" for the bundle;
 * the process that asked (the server, about to start) keeps the NODE_ENV it had, or it would refuse the
 * embedded database a fresh clone starts on.
 */
export async function buildExamClient(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({
      configFile: 'exam-client/vite.config.ts',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
