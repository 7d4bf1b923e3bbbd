import path from 'node:path';

/** Connections a node keeps to PostgreSQL unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_DATABASE_POOL_SIZE = 20;

/** Runtime settings, parsed from the environment once at boot and then frozen. */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string | undefined;
  readonly dataDir: string;
  /** `postgres://…` for a PostgreSQL server; undefined means embedded PGlite under dataDir. */
  readonly databaseUrl: string | undefined;
  /** Redis for socket broadcasts across nodes (REDIS_URL); without it, nodes on PostgreSQL use the database. */
  readonly redisUrl: string | undefined;
  /** Connections a node keeps to PostgreSQL (DATABASE_POOL_SIZE): every live exam answer holds one briefly. */
  readonly databasePoolSize: number;
  readonly allowEmbeddedInProduction: boolean;
  /** Origin the browser sees; WebAuthn checks it. */
  readonly publicUrl: string;
  readonly rpId: string;
  readonly rpName: string;
  /** HMAC secret for access tokens (base64); undefined in development means "generate into dataDir". */
  readonly tokenSecret: string | undefined;
  /** 32-byte key (base64) that encrypts stored private keys; same rule as tokenSecret. */
  readonly keyEncryptionKey: string | undefined;
  readonly accessTokenTtlSec: number;
  readonly sessionTtlDays: number;
  readonly authRateLimitPerMin: number;
  /** Public verification requests per minute per client address (counted on each node). */
  readonly verificationRateLimitPerMin: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly defaultTenant: string;
  readonly seedDemo: boolean;
  readonly clientDistDir: string;
  /** Which proxies' X-Forwarded-For to believe for the client address: false, a hop count, or addresses/subnets. */
  readonly trustProxy: boolean | number | string;
  /** `smtp://user:pass@host:587` or `smtps://…`: where e-mail is sent; undefined keeps messages in the outbox. */
  readonly smtpUrl: string | undefined;
  /** The From of every e-mail: `Name <address>` or a bare address. */
  readonly mailFrom: string;
  /** How often the outbox relay looks for messages left over or due for a retry (ms). */
  readonly outboxPollMs: number;
}

/** A setting that is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function trustProxy(env: Env): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^(true|yes|on)$/i.test(raw)) {
    throw new ConfigError(
      'TRUST_PROXY',
      'give the number of proxy hops or their addresses, not "true" (any client could forge its address)',
    );
  }
  if (!/^[0-9A-Za-z.:/, _-]+$/.test(raw))
    throw new ConfigError('TRUST_PROXY', `is not a hop count or list of addresses: "${raw}"`);
  return raw;
}

function secret(env: Env, name: string, production: boolean): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (production)
      throw new ConfigError(name, 'is required when NODE_ENV=production (32 random bytes, base64)');
    return undefined;
  }
  if (Buffer.from(raw, 'base64').length < 32)
    throw new ConfigError(name, 'must be at least 32 bytes, base64-encoded');
  return raw;
}

// The value is never repeated in a message: an SMTP URL carries a password.
function smtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a URL (expected smtp://user:password@host:587 or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps://, not ${url.protocol}//`);
  if (!url.hostname) throw new ConfigError('SMTP_URL', 'names no host');
  return raw;
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

function mailFrom(env: Env): string {
  const raw = env.MAIL_FROM?.trim();
  if (!raw) return 'Certamen <no-reply@localhost>';
  const named = /^([^<>\r\n]*)<([^<>\s]+)>$/.exec(raw);
  const address = named ? named[2]! : raw;
  if (!ADDRESS.test(address) || /[\r\n]/.test(raw))
    throw new ConfigError('MAIL_FROM', `must be an address or "Name <address>", got "${raw}"`);
  return raw;
}

/** Reads and checks every setting; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const allowEmbeddedInProduction = bool(env, 'ALLOW_EMBEDDED_DB_IN_PRODUCTION', false);
  if (production && !databaseUrl && !allowEmbeddedInProduction) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when NODE_ENV=production: the embedded PGlite database does not fsync and allows one connection, ' +
        'so a crash can lose committed certification records. Set ALLOW_EMBEDDED_DB_IN_PRODUCTION=true to override.',
    );
  }
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port || 3000}`).replace(/\/+$/, '');
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(publicUrl);
  } catch {
    throw new ConfigError('PUBLIC_URL', `is not a URL: "${publicUrl}"`);
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl))
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  const tenantSlug = env.DEFAULT_TENANT || 'acme';
  if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(tenantSlug))
    throw new ConfigError('DEFAULT_TENANT', 'must be a tenant slug');

  return Object.freeze({
    nodeEnv,
    port,
    host: env.HOST || undefined,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    redisUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', DEFAULT_DATABASE_POOL_SIZE, 1, 500),
    allowEmbeddedInProduction,
    publicUrl,
    rpId: env.WEBAUTHN_RP_ID || parsedUrl.hostname,
    rpName: env.WEBAUTHN_RP_NAME || 'Certamen',
    tokenSecret: secret(env, 'TOKEN_SECRET', production),
    keyEncryptionKey: secret(env, 'KEY_ENCRYPTION_KEY', production),
    accessTokenTtlSec: int(env, 'ACCESS_TOKEN_TTL_SEC', 900, 30, 86_400),
    sessionTtlDays: int(env, 'SESSION_TTL_DAYS', 14, 1, 365),
    authRateLimitPerMin: int(env, 'AUTH_RATE_LIMIT_PER_MIN', 30, 1, 1_000_000),
    verificationRateLimitPerMin: int(env, 'VERIFICATION_RATE_LIMIT_PER_MIN', 120, 1, 100_000_000),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    defaultTenant: tenantSlug,
    seedDemo: bool(env, 'SEED_DEMO', !production),
    clientDistDir: path.resolve(env.CLIENT_DIST_DIR || './exam-client/dist'),
    trustProxy: trustProxy(env),
    smtpUrl: smtpUrl(env),
    mailFrom: mailFrom(env),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 5000, 100, 3_600_000),
  });
}
