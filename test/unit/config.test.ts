import path from 'node:path';
import { expect } from 'chai';
import { type Config, ConfigError, loadConfig } from '../../server/config.js';

/** A base64 string of 32 random-looking bytes, long enough for TOKEN_SECRET and KEY_ENCRYPTION_KEY. */
const SECRET_32 = Buffer.alloc(32, 7).toString('base64');

/** Runs loadConfig and returns the ConfigError it throws (fails the test when it does not throw one). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`loadConfig(${JSON.stringify(env)}) did not refuse`);
}

describe('loadConfig', () => {
  it('gives development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      nodeEnv: 'development',
      port: 3000,
      host: undefined,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      allowEmbeddedInProduction: false,
      publicUrl: 'http://localhost:3000',
      rpId: 'localhost',
      rpName: 'Certamen',
      tokenSecret: undefined,
      keyEncryptionKey: undefined,
      accessTokenTtlSec: 900,
      sessionTtlDays: 14,
      authRateLimitPerMin: 30,
      verificationRateLimitPerMin: 120,
      logLevel: 'info',
      defaultTenant: 'acme',
      seedDemo: true,
      smtpUrl: undefined,
      mailFrom: 'Certamen <no-reply@localhost>',
      outboxPollMs: 5000,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', SEED_DEMO: '' })).to.deep.include({
      port: 3000,
      databaseUrl: undefined,
      seedDemo: true,
    });
  });

  it('reads the values it is given', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '8080',
      DATABASE_URL: 'postgresql://db.internal/certamen',
      PUBLIC_URL: 'https://certs.example.com/',
      SEED_DEMO: 'no',
      LOG_LEVEL: 'warn',
      DEFAULT_TENANT: 'globex',
    });
    expect(config).to.deep.include({
      nodeEnv: 'test',
      port: 8080,
      databaseUrl: 'postgresql://db.internal/certamen',
      publicUrl: 'https://certs.example.com',
      rpId: 'certs.example.com',
      seedDemo: false,
      logLevel: 'warn',
      defaultTenant: 'globex',
    });
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['ALLOW_EMBEDDED_DB_IN_PRODUCTION', { ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'sure' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['DEFAULT_TENANT', { DEFAULT_TENANT: 'Not A Slug' }],
    ['TOKEN_SECRET', { TOKEN_SECRET: 'c2hvcnQ=' }],
    ['KEY_ENCRYPTION_KEY', { KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }],
    ['ACCESS_TOKEN_TTL_SEC', { ACCESS_TOKEN_TTL_SEC: '5' }],
    ['SESSION_TTL_DAYS', { SESSION_TTL_DAYS: '0' }],
    ['AUTH_RATE_LIMIT_PER_MIN', { AUTH_RATE_LIMIT_PER_MIN: '1.5' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.com' }],
    ['SMTP_URL', { SMTP_URL: 'mail.example.com:587' }],
    ['MAIL_FROM', { MAIL_FROM: 'not an address' }],
    ['MAIL_FROM', { MAIL_FROM: 'Certamen <no-reply>' }],
    ['OUTBOX_POLL_MS', { OUTBOX_POLL_MS: '0' }],
  ];
  for (const [variable, env] of bad) {
    it(`refuses ${JSON.stringify(env)} with a ConfigError naming ${variable}`, () => {
      const error = configError(env);
      expect(error.variable).to.equal(variable);
      expect(error.message).to.match(new RegExp(`^${variable}: `));
    });
  }

  it('refuses production on the embedded database, explaining that PGlite does not fsync', () => {
    const error = configError({
      NODE_ENV: 'production',
      TOKEN_SECRET: SECRET_32,
      KEY_ENCRYPTION_KEY: SECRET_32,
    });
    expect(error.variable).to.equal('DATABASE_URL');
    expect(error.message).to.contain('fsync');
    expect(error.message).to.contain('ALLOW_EMBEDDED_DB_IN_PRODUCTION');
  });

  it('allows production on the embedded database when explicitly told so', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true',
      TOKEN_SECRET: SECRET_32,
      KEY_ENCRYPTION_KEY: SECRET_32,
    });
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.allowEmbeddedInProduction).to.equal(true);
    // Production never seeds demo accounts unless asked.
    expect(config.seedDemo).to.equal(false);
  });

  it('refuses production without TOKEN_SECRET, and without KEY_ENCRYPTION_KEY', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/certamen' };
    expect(configError({ ...production, KEY_ENCRYPTION_KEY: SECRET_32 }).variable).to.equal('TOKEN_SECRET');
    expect(configError({ ...production, TOKEN_SECRET: SECRET_32 }).variable).to.equal('KEY_ENCRYPTION_KEY');
    const config = loadConfig({ ...production, TOKEN_SECRET: SECRET_32, KEY_ENCRYPTION_KEY: SECRET_32 });
    expect(config.tokenSecret).to.equal(SECRET_32);
  });

  it('reads the e-mail settings, and never repeats an SMTP URL (it carries a password) in a refusal', () => {
    expect(
      loadConfig({
        SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
        MAIL_FROM: 'Acme Certification <certs@acme.example>',
        OUTBOX_POLL_MS: '1000',
      }),
    ).to.deep.include({
      smtpUrl: 'smtps://mailer:s3cret@smtp.example.com:465',
      mailFrom: 'Acme Certification <certs@acme.example>',
      outboxPollMs: 1000,
    });
    expect(loadConfig({ MAIL_FROM: 'certs@acme.example' }).mailFrom).to.equal('certs@acme.example');
    expect(configError({ SMTP_URL: 'ftp://mailer:s3cret@smtp.example.com' }).message).to.not.contain(
      's3cret',
    );
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).to.equal(true);
    expect(() => {
      (config as { -readonly [K in keyof Config]: Config[K] }).port = 1;
    }).to.throw(TypeError);
    expect(config.port).to.equal(3000);
  });

  it('trusts no proxy by default, a hop count or addresses when given, and refuses a blanket "true"', () => {
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).to.equal('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' }))
      .to.throw(ConfigError)
      .with.property('variable', 'TRUST_PROXY');
  });
});
