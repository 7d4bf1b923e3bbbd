import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths pino blanks in every line: the access token (Authorization), the refresh cookie (Cookie), the
 * cookies a response sets, and personal fields wherever a line carries a request body or a user.
 */
export const LOG_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'res.headers.authorization',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
];

/** Query parameters that carry a secret (invitation links, one-time tokens): logged without their value. */
const SECRET_QUERY = /token|invitation|secret|code|password|key/i;

/** A request's URL as it may be logged: secret query values replaced. */
export function urlForLog(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_QUERY.test(name) ? `${name}=[Redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

// Fields of database errors that are safe to log: what failed and where, never the values involved.
// (`params` of a Drizzle error and `detail` of a PostgreSQL error quote the row: e-mails, names, hashes.)
const SAFE_ERROR_FIELDS = [
  'code',
  'status',
  'statusCode',
  'type',
  'severity',
  'routine',
  'constraint',
  'table',
  'column',
  'query',
];

/**
 * An error as a log line may carry it: type, message and stack without the query parameters a database
 * error quotes, the fields above, and its causes the same way. Request bodies never reach the line. Takes an
 * Error or one pino's standard serializer already turned into a plain object (pino-http does that first).
 */
export function errorForLog(error: unknown, depth = 0): unknown {
  if (!error || typeof error !== 'object')
    return error === undefined ? undefined : { message: String(error) };
  const fields = error as Record<string, unknown>;
  const name = error instanceof Error ? error.name : typeof fields.type === 'string' ? fields.type : 'Error';
  // PostgreSQL's data errors end by quoting the offending value (`invalid input syntax for type uuid: "…"`).
  const message = String(fields.message ?? '')
    .split('\nparams:')[0]!
    .replace(/: ".*"$/s, ': [Redacted]');
  const stack = typeof fields.stack === 'string' ? fields.stack : '';
  // Only the frames: the stack's first line repeats the message, and a serialized one appends the causes'.
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  const out: Record<string, unknown> = {
    type: name,
    message,
    stack: [`${name}: ${message}`, ...frames].join('\n'),
  };
  for (const field of SAFE_ERROR_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (fields.cause !== undefined && depth < 4) out.cause = errorForLog(fields.cause, depth + 1);
  return out;
}

/** pino-http's request serializer over the standard one: secret query values replaced (headers are redacted by path). */
export function requestForLog(serialized: Record<string, unknown>): Record<string, unknown> {
  const query = serialized.query as Record<string, unknown> | undefined;
  const safeQuery = query
    ? Object.fromEntries(
        Object.entries(query).map(([name, value]) => [name, SECRET_QUERY.test(name) ? '[Redacted]' : value]),
      )
    : query;
  return { ...serialized, url: urlForLog(serialized.url as string | undefined), query: safeQuery };
}

/** What the HTTP layer's child logger adds to any logger: redaction and safe serializers. */
export const HTTP_LOG_OPTIONS = {
  redact: { paths: [...LOG_REDACT_PATHS], censor: '[Redacted]' },
  serializers: { err: errorForLog, req: requestForLog },
} satisfies pino.ChildLoggerOptions;

/** The process's root logger: JSON lines to stdout (or `destination`), with the same redaction. */
export function createLogger(level: LoggerOptions['level'], destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'certamen' },
    redact: { paths: [...LOG_REDACT_PATHS], censor: '[Redacted]' },
    serializers: { err: errorForLog },
  };
  return destination ? pino(options, destination) : pino(options);
}
