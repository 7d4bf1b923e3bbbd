import busboy from 'busboy';
import express, { type Request, type Response } from 'express';
import { credentialInBadge } from '../app/credentials/credential-in-badge.js';
import { DomainError } from '../domain/errors.js';
import type { CredentialSource } from './views/signed-credential-page.js';

// The form of `POST /verify/credential`: a pasted VC-JWT or a baked badge image, sent as multipart/form-data
// (RFC 7578, read by busboy with hard limits) or urlencoded (read by express). A form past a limit is a 413,
// a form that does not parse is a 400: never a 500, and never more bytes held than the limits allow.

/** The largest form body read at all; beyond it the answer is 413. */
export const MAX_FORM_BYTES = 600 * 1024;
/** The largest badge image accepted. */
export const MAX_BADGE_BYTES = 512 * 1024;
/** The largest pasted credential (a VC-JWT is a few KB). */
export const MAX_CREDENTIAL_TEXT_BYTES = 64 * 1024;
/** The form has two fields; a few more are tolerated (browsers may add a submit button), then refused. */
const MAX_PARTS = 8;
/** One file input. */
const MAX_FILES = 1;
/** Header lines per part: a browser sends two (disposition and type). */
const MAX_PART_HEADERS = 8;
/** Field names here are short words. */
const MAX_FIELD_NAME_BYTES = 100;

const readUrlencoded = express.urlencoded({
  extended: false,
  limit: MAX_FORM_BYTES,
  parameterLimit: MAX_PARTS,
});

const invalid = (message: string) => new DomainError('validation_failed', message);
const tooLarge = (message: string) => new DomainError('payload_too_large', message);
const malformed = () => invalid('The form is not well-formed multipart/form-data.');
const tooManyFields = () => invalid('The form has too many fields.');
const textTooLarge = () => tooLarge('The pasted credential is larger than 64 KB.');
const formTooLarge = () => tooLarge('The form is larger than 600 KB.');

/** One file of the form: its name as the browser sent it, and its bytes. */
interface FormFile {
  readonly filename: string;
  readonly data: Buffer;
}

/** What the form carried: the `credential` text field (or '') and the `badge` file, if one was chosen. */
interface VerificationForm {
  readonly text: string;
  readonly badge: FormFile | undefined;
}

/**
 * The credential to verify from the form: pasted text or a baked badge, exactly one of them. Throws a
 * `DomainError` (400, 413 or 415) for anything else; the page's error handler shows it as a page.
 */
export async function readSubmission(
  req: Request,
  res: Response,
): Promise<{ token: string; source: CredentialSource }> {
  const { text, badge } = await readForm(req, res);
  const pasted = text.trim();
  if (badge && pasted !== '')
    throw invalid('Give either a pasted credential or a badge image, not both: clear one and try again.');
  if (badge) {
    if (badge.data.length === 0) throw invalid('The badge image file is empty.');
    return { token: credentialInBadge(badge.data), source: { kind: 'badge', filename: badge.filename } };
  }
  if (pasted === '') throw invalid('Paste a signed credential or choose a badge image to check.');
  return { token: pasted, source: { kind: 'pasted' } };
}

async function readForm(req: Request, res: Response): Promise<VerificationForm> {
  if (req.is('multipart/form-data')) return readMultipart(req);
  if (req.is('application/x-www-form-urlencoded')) {
    await new Promise<void>((resolve, reject) => {
      readUrlencoded(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
    });
    const value = (req.body as Record<string, unknown> | undefined)?.credential;
    const text = typeof value === 'string' ? value : '';
    if (Buffer.byteLength(text) > MAX_CREDENTIAL_TEXT_BYTES) throw textTooLarge();
    return { text, badge: undefined };
  }
  throw new DomainError('unsupported_media_type', 'Send the form as multipart/form-data or urlencoded.');
}

/**
 * Reads a multipart form with busboy. Each limit ends the read with its own message: the body (600 KB, by
 * its declared length before any byte is parsed, and by the bytes that arrive), the badge file (512 KB),
 * the pasted text (64 KB), the number of parts, files and header lines. The request is drained before
 * the answer, so the browser sees the error page rather than a reset connection.
 */
function readMultipart(req: Request): Promise<VerificationForm> {
  return new Promise((resolve, reject) => {
    let text: string | undefined;
    // Collected as the file streams in; busboy emits 'close' only once every part has been read.
    let upload: { readonly filename: string; readonly chunks: Buffer[] } | undefined;
    let settled = false;
    let received = 0;

    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      drain(req).then(
        () => reject(error),
        () => reject(error),
      );
    };

    const declaredLength = Number(req.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > MAX_FORM_BYTES) {
      fail(formTooLarge());
      return;
    }

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: MAX_BADGE_BYTES,
          fieldSize: MAX_CREDENTIAL_TEXT_BYTES,
          fieldNameSize: MAX_FIELD_NAME_BYTES,
          parts: MAX_PARTS,
          files: MAX_FILES,
          fields: MAX_PARTS,
          headerPairs: MAX_PART_HEADERS,
        },
      });
    } catch {
      // busboy refuses a multipart Content-Type without a boundary (RFC 2046 §5.1.1 makes it required).
      fail(invalid('The form has no valid multipart boundary.'));
      return;
    }

    parser.on('field', (name, value, info) => {
      if (name !== 'credential' || settled) return;
      if (text !== undefined) return fail(invalid('The form has more than one "credential" field.'));
      if (info.valueTruncated) return fail(textTooLarge());
      text = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'badge' || settled || upload !== undefined) {
        stream.resume();
        if (name === 'badge' && upload !== undefined)
          fail(invalid('The form has more than one "badge" field.'));
        return;
      }
      const chunks: Buffer[] = [];
      upload = { filename: info.filename ?? '', chunks };
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge('The badge image is larger than 512 KB.')));
    });
    parser.on('partsLimit', () => fail(tooManyFields()));
    parser.on('fieldsLimit', () => fail(tooManyFields()));
    parser.on('filesLimit', () => fail(invalid('The form has more than one "badge" field.')));
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      const data = upload ? Buffer.concat(upload.chunks) : Buffer.alloc(0);
      // Browsers send a file input left empty as a part with an empty file name and no content.
      const badge =
        upload && (upload.filename !== '' || data.length > 0)
          ? { filename: upload.filename, data }
          : undefined;
      resolve({ text: text ?? '', badge });
    });

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_FORM_BYTES) fail(formTooLarge());
    });
    req.on('error', () => fail(invalid('The form could not be read.')));
    req.pipe(parser);
  });
}

/** Reads and drops what is left of a request body, so the answer is not sent into an unread upload. */
function drain(req: Request): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.once('error', resolve);
    req.resume();
  });
}
