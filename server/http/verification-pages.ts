import express, { type ErrorRequestHandler, type RequestHandler, type Response, type Router } from 'express';
import {
  publicSignedCredential,
  verifyCertificateId,
  verifySignedCredential,
} from '../app/credentials/verify-credential.js';
import type { AppDeps } from '../app/deps.js';
import { parseCertificateId } from '../domain/credentials/certificate-id.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { HTTP_STATUS } from './middleware/errors.js';
import { readSubmission } from './verification-form.js';
import { renderSignedResultPage } from './views/signed-credential-page.js';
import { renderIdResultPage, renderLookupPage, renderProblemPage } from './views/verification-page.js';

/** What the public verification pages need: the lookups' deps and the app's per-address limiter. */
export interface VerificationPagesDeps extends Pick<AppDeps, 'db' | 'clock' | 'publicUrl'> {
  /** Runs before every route here; the app passes its verification rate limiter. */
  readonly rateLimiter: RequestHandler;
}

/** Longer than any certificate or legacy ID; such input is refused without a lookup. */
const MAX_TYPED_ID_CHARS = 100;

/**
 * The public verification pages, server-rendered HTML needing no script and no account:
 * `GET /verify` (the forms; `?id=` redirects to the ID's page), `GET /verify/:id` (the result),
 * `GET /verify/:id/credential.jwt` (the stored VC-JWT) and `POST /verify/credential` (a pasted VC-JWT or
 * a baked badge, as multipart or urlencoded). Every route goes through `deps.rateLimiter`.
 */
export function verificationPages(deps: VerificationPagesDeps): Router {
  const router = express.Router();
  const limit = deps.rateLimiter;

  router.get('/verify', limit, (req, res) => {
    const typed = firstQueryValue(req.query.id);
    if (typed === undefined) {
      res.set('Cache-Control', 'no-cache');
      sendPage(res, 200, renderLookupPage());
      return;
    }
    if (typed.trim() === '') {
      sendPage(res, 400, renderLookupPage({ message: 'Type a certificate ID to check.' }));
      return;
    }
    res.redirect(303, `/verify/${canonicalOrTyped(typed)}`);
  });

  router.get('/verify/:id', limit, async (req, res) => {
    const typed = String(req.params.id);
    const parsed = parseCertificateId(typed);
    if (parsed.kind === 'id' && parsed.id !== typed) {
      res.redirect(301, `/verify/${parsed.id}`);
      return;
    }
    resultHeaders(res);
    if (typed.length > MAX_TYPED_ID_CHARS) {
      sendPage(res, 400, renderLookupPage({ message: 'That is too long to be a certificate ID.' }));
      return;
    }
    const result = await verifyCertificateId(deps, typed);
    const status = result.outcome === 'found' ? 200 : result.outcome === 'not_found' ? 404 : 400;
    sendPage(res, status, renderIdResultPage(typed, result));
  });

  // Certificate IDs only: the download address every credential links to is built from its canonical ID.
  router.get('/verify/:id/credential.jwt', limit, async (req, res) => {
    const typed = String(req.params.id);
    const parsed = parseCertificateId(typed);
    if (parsed.kind === 'id' && parsed.id !== typed) {
      res.redirect(301, `/verify/${parsed.id}/credential.jwt`);
      return;
    }
    resultHeaders(res);
    const vcJwt = parsed.kind === 'id' ? await publicSignedCredential(deps, parsed.id) : null;
    if (!vcJwt) {
      const message = 'No signed credential is stored under this certificate ID.';
      sendPage(res, 404, renderProblemPage({ title: 'Not found', message }));
      return;
    }
    // A certificate ID is letters, digits and dashes, so the quoted file name needs no escaping.
    res.set('Content-Disposition', `attachment; filename="${typed}.jwt"`);
    // A Buffer, so express adds no charset to the registered media type (RFC 7519 §10.3.1).
    res.type('application/jwt').send(Buffer.from(vcJwt, 'utf8'));
  });

  router.post('/verify/credential', limit, async (req, res) => {
    resultHeaders(res);
    const { token, source } = await readSubmission(req, res);
    sendPage(res, 200, renderSignedResultPage(await verifySignedCredential(deps, token), source));
  });

  router.use(problemPages);
  return router;
}

function sendPage(res: Response, status: number, page: string): void {
  res.status(status).type('html').send(page);
}

/** Results are about one person and change when the issuer acts: never cached, never indexed. */
function resultHeaders(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
}

function firstQueryValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** The path segment for a typed ID: its canonical form when it reads as one, else the trimmed text. */
function canonicalOrTyped(typed: string): string {
  const parsed = parseCertificateId(typed);
  return parsed.kind === 'id' ? parsed.id : encodeURIComponent(typed.trim());
}

const PROBLEM_TITLES: Partial<Record<ErrorCode, string>> = {
  payload_too_large: 'Too large',
  rate_limited: 'Too many requests',
  unsupported_media_type: 'Unsupported form',
  validation_failed: 'Nothing verified',
};

/** Failures on these pages (the limiter, body parsers, bad forms) answer as HTML pages, not JSON. */
const problemPages: ErrorRequestHandler = (error, _req, res, next) => {
  const known = error instanceof DomainError ? error : fromBodyParser(error);
  if (!known) {
    next(error);
    return;
  }
  resultHeaders(res);
  const title = PROBLEM_TITLES[known.code] ?? 'Something is wrong with the request';
  sendPage(res, HTTP_STATUS[known.code], renderProblemPage({ title, message: known.message }));
};

function fromBodyParser(error: { status?: unknown; type?: unknown } | null | undefined) {
  if (error?.type === 'entity.too.large')
    return new DomainError('payload_too_large', 'The form is larger than 600 KB.');
  if (error?.type === 'parameters.too.many')
    return new DomainError('payload_too_large', 'The form has too many fields.');
  if (error?.type === 'charset.unsupported' || error?.type === 'encoding.unsupported')
    return new DomainError('unsupported_media_type', 'The form is in an encoding this page does not read.');
  if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500)
    return new DomainError('validation_failed', 'The form could not be read.');
  return undefined;
}
