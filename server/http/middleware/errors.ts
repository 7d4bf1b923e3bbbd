import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../../app/db-errors.js';
import { DomainError, type ErrorCode } from '../../domain/errors.js';

/** The one mapping from error codes to HTTP statuses. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  registration_closed: 403,
  invitation_invalid: 400,
  verification_invalid: 400,
  challenge_invalid: 400,
  passkey_invalid: 400,
  rate_limited: 429,
  blueprint_infeasible: 422,
  invalid_transition: 409,
  not_eligible: 403,
  passkey_required: 409,
  stale_save: 409,
  item_not_served: 409,
  attempt_over: 409,
  voucher_invalid: 400,
  unavailable: 503,
  internal: 500,
};

/** Body-parser failures, recognised by the `type` the parser sets. */
function fromParser(error: { type?: string; status?: number }): DomainError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new DomainError('malformed_json', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new DomainError('payload_too_large', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('unsupported_media_type', 'The request body encoding is not supported');
    default:
      // Other client errors raised by the HTTP stack (bad URL encoding, aborted requests) stay 4xx.
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return new DomainError('validation_failed', 'The request could not be read');
      }
      return undefined;
  }
}

/** Turns any error into `{error:{code,message,details}}`; unexpected ones are logged and hidden behind a 500. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  // An error is about this request alone: never cached, even where the route meant to publish a document.
  res.setHeader('Cache-Control', 'no-store');
  const known = error instanceof DomainError ? error : fromParser(error ?? {});
  if (!known && isDatabaseUnavailable(error)) {
    // The request's database connection broke (server restart, failover, terminated backend): nothing of it
    // was committed, the pool replaces the connection, and the caller may simply try again.
    req.log?.warn({ err: error }, 'the database connection failed during the request');
    res.setHeader('Retry-After', '1');
    res.status(HTTP_STATUS.unavailable).json({
      error: { code: 'unavailable', message: 'The service is briefly unavailable; try again in a moment' },
    });
    return;
  }
  if (!known) {
    req.log?.error({ err: error }, 'unhandled error');
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Something went wrong on our side', requestId: req.id } });
    return;
  }
  res.status(HTTP_STATUS[known.code]).json({
    error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) },
  });
};

/** Unknown API paths get the same error body as everything else. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new DomainError('not_found', `No API route ${req.method} ${req.path}`));
};
