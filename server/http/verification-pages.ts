import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { extractFromPng, extractFromSvg } from '../adapters/badge-baking.js';
import {
  publicSignedCredential,
  verifyCertificateId,
  verifySignedCredential,
} from '../app/credentials/verify-credential.js';
import type { AppDeps } from '../app/deps.js';
import { parseCertificateId } from '../domain/credentials/certificate-id.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { HTTP_STATUS } from './middleware/errors.js';
import { type CredentialSource, renderSignedResultPage } from './views/signed-credential-page.js';
import { renderIdResultPage, renderLookupPage, renderProblemPage } from './views/verification-page.js';

/** What the public verification pages need: the lookups' deps and the app's per-address limiter. */
export interface VerificationPagesDeps extends Pick<AppDeps, 'db' | 'clock' | 'publicUrl'> {
  /** Runs before every route here; the app passes its verification rate limiter. */
  readonly rateLimiter: RequestHandler;
}

/** The largest form body read at all; beyond it the answer is 413 before any parsing. */
export const MAX_FORM_BYTES = 600 * 1024;
/** The largest badge image accepted. */
export const MAX_BADGE_BYTES = 512 * 1024;
/** The largest pasted credential (a VC-JWT is a few KB). */
const MAX_CREDENTIAL_TEXT_BYTES = 64 * 1024;
/** Longer than any certificate or legacy ID; such input is refused without a lookup. */
const MAX_TYPED_ID_CHARS = 100;
const MAX_PARTS = 8;
const MAX_PART_HEADER_BYTES = 4 * 1024;

const readMultipart = express.raw({ type: 'multipart/form-data', limit: MAX_FORM_BYTES });
const readUrlencoded = express.urlencoded({ extended: false, limit: MAX_FORM_BYTES, parameterLimit: 8 });

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

// ------------------------------------------------------------------------------------------ the form

const invalid = (message: string) => new DomainError('validation_failed', message);
const tooLarge = (message: string) => new DomainError('payload_too_large', message);

function runParser(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    parser(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/** The credential to verify from the form: pasted text or a baked badge, exactly one of them. */
async function readSubmission(
  req: Request,
  res: Response,
): Promise<{ token: string; source: CredentialSource }> {
  let text: string;
  let badge: FormPart | undefined;
  if (req.is('multipart/form-data')) {
    await runParser(readMultipart, req, res);
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body)) throw invalid('The form could not be read.');
    const parts = parseMultipart(body, boundaryOf(req.headers['content-type'] ?? ''));
    const credential = onlyPart(parts, 'credential');
    if (credential && credential.data.length > MAX_CREDENTIAL_TEXT_BYTES)
      throw tooLarge('The pasted credential is larger than 64 KB.');
    text = credential?.data.toString('utf8') ?? '';
    badge = onlyPart(parts, 'badge');
    // Browsers send a file input left empty as a part with an empty file name and no content.
    if (badge && !badge.filename && badge.data.length === 0) badge = undefined;
  } else if (req.is('application/x-www-form-urlencoded')) {
    await runParser(readUrlencoded, req, res);
    const value = (req.body as Record<string, unknown> | undefined)?.credential;
    text = typeof value === 'string' ? value : '';
    if (Buffer.byteLength(text) > MAX_CREDENTIAL_TEXT_BYTES)
      throw tooLarge('The pasted credential is larger than 64 KB.');
  } else {
    throw new DomainError('unsupported_media_type', 'Send the form as multipart/form-data or urlencoded.');
  }
  const pasted = text.trim();
  if (badge && pasted !== '')
    throw invalid('Give either a pasted credential or a badge image, not both: clear one and try again.');
  if (badge) {
    if (badge.data.length > MAX_BADGE_BYTES) throw tooLarge('The badge image is larger than 512 KB.');
    if (badge.data.length === 0) throw invalid('The badge image file is empty.');
    return {
      token: credentialInBadge(badge.data),
      source: { kind: 'badge', filename: badge.filename ?? '' },
    };
  }
  if (pasted === '') throw invalid('Paste a signed credential or choose a badge image to check.');
  return { token: pasted, source: { kind: 'pasted' } };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const NO_CREDENTIAL =
  'No signed credential is baked into this badge image. Ask the holder for the badge file they downloaded, or for the signed credential itself.';

/** The VC-JWT baked into an SVG or PNG badge (Open Badges 3.0 §5.3). */
function credentialInBadge(file: Buffer): string {
  if (file.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    let token: string | null;
    try {
      token = extractFromPng(file, MAX_CREDENTIAL_TEXT_BYTES);
    } catch {
      throw invalid('The PNG image is damaged, or its baked credential is too large to read.');
    }
    if (!token) throw invalid(NO_CREDENTIAL);
    return token;
  }
  const svg = file.toString('utf8');
  const token = extractFromSvg(svg);
  if (token) return token;
  throw invalid(
    /<svg[\s>/]/i.test(svg) ? NO_CREDENTIAL : 'The file is neither an SVG nor a PNG badge image.',
  );
}

// ------------------------------------------------------------------------------------------ multipart

/** One part of a multipart/form-data body (RFC 7578). */
interface FormPart {
  readonly name: string;
  /** Set for a file input (possibly empty when no file was chosen); undefined for a text field. */
  readonly filename: string | undefined;
  readonly data: Buffer;
}

/** RFC 2046 §5.1.1: 1–70 characters of `bchars`, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;"]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2] ?? '';
  if (!BOUNDARY.test(boundary)) throw invalid('The form has no valid multipart boundary.');
  return boundary;
}

const CRLF = Buffer.from('\r\n');
const HYPHEN = 0x2d;

/**
 * Splits a multipart body into parts (RFC 2046 §5.1.1): an optional preamble, `--boundary` lines between
 * parts, `--boundary--` at the end and an ignored epilogue. Anything else is a 400.
 */
function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const malformed = () => invalid('The form is not well-formed multipart/form-data.');
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter) + 2;
  if (at === 1) throw malformed();
  const parts: FormPart[] = [];
  for (;;) {
    at += dashBoundary.length;
    if (body[at] === HYPHEN && body[at + 1] === HYPHEN) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++; // transport padding
    if (!body.subarray(at, at + 2).equals(CRLF)) throw malformed();
    const start = at + 2;
    const end = body.indexOf(delimiter, start);
    if (end === -1) throw malformed();
    if (parts.length === MAX_PARTS) throw invalid('The form has too many fields.');
    parts.push(readPart(body.subarray(start, end), malformed));
    at = end + CRLF.length;
  }
}

const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const DISPOSITION_PARAM = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]+))/g;

function readPart(raw: Buffer, malformed: () => DomainError): FormPart {
  const headerEnd = raw.subarray(0, 2).equals(CRLF) ? 0 : raw.indexOf('\r\n\r\n');
  if (headerEnd === -1 || headerEnd > MAX_PART_HEADER_BYTES) throw malformed();
  let disposition: string | undefined;
  for (const line of headerEnd === 0 ? [] : raw.toString('utf8', 0, headerEnd).split('\r\n')) {
    const header = HEADER_LINE.exec(line);
    if (!header) throw malformed();
    if (header[1]?.toLowerCase() === 'content-disposition') disposition = header[2];
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) throw malformed();
  const params = new Map<string, string>();
  for (const [, key, quoted, token] of disposition.matchAll(DISPOSITION_PARAM)) {
    const name = key?.toLowerCase() ?? '';
    if (!params.has(name)) params.set(name, quoted?.replace(/\\(.)/g, '$1') ?? token ?? '');
  }
  const name = params.get('name');
  if (name === undefined) throw malformed();
  const data = raw.subarray(headerEnd === 0 ? CRLF.length : headerEnd + 4);
  return { name, filename: params.get('filename'), data };
}

function onlyPart(parts: readonly FormPart[], name: string): FormPart | undefined {
  const named = parts.filter((p) => p.name === name);
  if (named.length > 1) throw invalid(`The form has more than one "${name}" field.`);
  return named[0];
}
