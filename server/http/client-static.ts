import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves the built exam-client: hashed assets under /assets (cached for a year), index.html for every
 * /t/<tenant>/… page (the client routes inside), and / redirects to the default tenant's sign-in.
 */
export function clientRouter(distDir: string, defaultTenant: string): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  router.get('/', (_req, res) => res.redirect(302, `/t/${defaultTenant}/sign-in`));
  router.get('/t/:slug{/*rest}', (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text/plain').send('The exam client is not built yet: run `npm run build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexFile);
  });
  return router;
}
