import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { FAVICON_SVG, faviconIco } from '../adapters/favicon.js';
import { renderNotFoundPage } from './views/not-found-page.js';

/**
 * Serves the built exam-client: hashed assets under /assets (cached for a year), index.html for every
 * /t/<tenant>/… page (the client routes inside), and / redirects to the default tenant's sign-in. Also the
 * site icon (/favicon.svg, and /favicon.ico for clients that ask for it unprompted) and, last, an HTML
 * "Page not found" with a way home for any other address (the API's misses are answered as JSON before).
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
  router.get('/favicon.svg', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('image/svg+xml').send(FAVICON_SVG);
  });
  router.get('/favicon.ico', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('image/x-icon').send(faviconIco());
  });
  router.use((req, res) => {
    res.status(404).set('Cache-Control', 'no-store').type('html').send(renderNotFoundPage(req.path));
  });
  return router;
}
