import { expect } from 'chai';
import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { securityHeaders } from '../../server/http/middleware/security-headers.js';

const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'https:'] },
  },
};

function appWith(middleware: express.RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  app.use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

// Every header helmet would set, by name and value (the ones express sets itself left out).
function securityHeadersOf(headers: Record<string, string>): Record<string, string> {
  const {
    date: _date,
    connection: _c,
    'content-length': _l,
    'content-type': _t,
    etag: _e,
    ...rest
  } = headers;
  return rest;
}

describe('security headers computed once', () => {
  it("sets exactly the headers helmet sets, with helmet's values", async () => {
    const fromHelmet = (await request(appWith(helmet(OPTIONS))).get('/')).headers as Record<string, string>;
    const fromOnce = (await request(appWith(securityHeaders(OPTIONS))).get('/')).headers as Record<
      string,
      string
    >;
    expect(securityHeadersOf(fromOnce)).to.deep.equal(securityHeadersOf(fromHelmet));
    expect(fromOnce['content-security-policy']).to.contain("default-src 'self'");
    expect(fromOnce['strict-transport-security']).to.match(/max-age=\d+/);
  });
});
