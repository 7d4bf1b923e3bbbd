import http from 'node:http';
import net from 'node:net';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's security headers, worked out once at start and then set in one step per request. helmet runs a
 * dozen middlewares per request to set the same constant headers, about 7% of the CPU of a hot API read;
 * with static options (no per-request nonces) the result never changes, so it is computed here once.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const req = new http.IncomingMessage(new net.Socket());
  const res = new http.ServerResponse(req);
  let failed: unknown;
  helmet(options)(req, res, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  const headers = Object.entries(res.getHeaders()).map(([name, value]) => [name, String(value)] as const);
  return (_req, response, next) => {
    for (const [name, value] of headers) response.setHeader(name, value);
    next();
  };
}
