import { randomUUID } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type Express, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import { errorForLog, HTTP_LOG_OPTIONS, requestForLog } from '../adapters/logger.js';
import type { AppDeps } from '../app/deps.js';
import { DomainError } from '../domain/errors.js';
import type { Database } from '../persistence/database.js';
import { clientRouter } from './client-static.js';
import { apiNotFound, errorHandler } from './middleware/errors.js';
import { securityHeaders } from './middleware/security-headers.js';
import { SharedRateLimitStore } from './middleware/shared-rate-limit-store.js';
import { buildOpenApi, renderApiDocsPage } from './openapi.js';
import { authRoutes } from './routes/auth.js';
import { certificationRoutes } from './routes/certifications.js';
import { credentialRoutes } from './routes/credentials.js';
import { itemRoutes } from './routes/items.js';
import { meRoutes } from './routes/me.js';
import { attemptRoutes } from './routes/attempts.js';
import { examAdminRoutes } from './routes/exam-admin.js';
import { outboxRoutes } from './routes/outbox.js';
import { platformRoutes } from './routes/platform.js';
import { psychometricsRoutes } from './routes/psychometrics.js';
import { tenantAdminRoutes } from './routes/tenant-admin.js';
import { verificationRoutes } from './routes/verification.js';
import { DEFAULT_MAX_BODY_BYTES, mountRoutes, type RouteSpec } from './routing.js';
import { verificationPages } from './verification-pages.js';

/** What the HTTP app needs beyond the use cases' dependencies. */
export interface HttpDeps extends AppDeps {
  readonly database: Pick<Database, 'ping'>;
  readonly authRateLimitPerMin: number;
  /** Public verification requests per client address per minute (counted on each node). */
  readonly verificationRateLimitPerMin?: number;
  readonly clientDistDir: string;
  readonly defaultTenant: string;
  /** express's `trust proxy`: whose X-Forwarded-For gives the client address (rate limits key on it). */
  readonly trustProxy?: boolean | number | string;
}

/** Every API route, in documentation order. */
export function apiRoutes(deps: AppDeps): RouteSpec[] {
  return [
    ...authRoutes(deps),
    ...meRoutes(deps),
    ...tenantAdminRoutes(deps),
    ...platformRoutes(deps),
    ...itemRoutes(deps),
    ...certificationRoutes(deps),
    ...psychometricsRoutes(deps),
    ...credentialRoutes(deps),
    ...verificationRoutes(deps),
    ...outboxRoutes(deps),
    ...attemptRoutes(deps),
    ...examAdminRoutes(deps),
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The rate-limit key of a client address: IPv4 (also when IPv4-mapped, `::ffff:a.b.c.d`, as a dual-stack
 * listener reports it) as it is, without the IPv6 parsing express-rate-limit's default pays on every request;
 * real IPv6 addresses by their /56 subnet, as the default does, so one host cannot rotate addresses.
 */
export function clientAddressKey(ip: string): string {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4.includes(':') ? ipKeyGenerator(v4) : v4;
}

/** Builds the express app without listening, so tests drive it in-process with supertest. */
export function createApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are per-user and uncacheable; hashing every JSON body for an ETag is wasted work.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  const requestId = (req: Request, res: Response): string => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
  if (deps.logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger: deps.logger,
        // Tokens, cookies and personal fields never reach a line, whatever logger the app was given.
        redact: HTTP_LOG_OPTIONS.redact,
        serializers: { req: requestForLog, err: errorForLog },
        genReqId: requestId,
        autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      }),
    );
  } else {
    // Access logs are info lines; below that level pino-http would still build a child logger and serialise
    // the request for nothing. Errors still reach the logger through req.log.
    const quietLogger = deps.logger.child({}, HTTP_LOG_OPTIONS);
    app.use((req, res, next) => {
      req.id = requestId(req, res);
      req.log = quietLogger;
      next();
    });
  }
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          // Behind plain http (development), upgrading requests to https would break every asset.
          upgradeInsecureRequests: deps.publicUrl.startsWith('https://') ? [] : null,
          imgSrc: ["'self'", 'data:', 'https:'],
        },
      },
    }),
  );

  // API answers carry personal data and answer keys: no browser, proxy or shared cache may keep them. The few
  // routes that publish public documents (verification answers already say no-store too) set their own policy.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.database.ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ error: { code: 'unavailable', message: 'The database is not reachable' } });
    }
  });

  const routes = apiRoutes(deps);
  const openApi = buildOpenApi(routes, { title: 'Certamen API', version: '1', serverUrl: deps.publicUrl });
  const docsPage = renderApiDocsPage(routes);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });

  const authRateLimiter = rateLimit({
    windowMs: 60_000,
    limit: deps.authRateLimitPerMin,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: new SharedRateLimitStore(deps, 'auth:'),
    handler: (_req, _res, next) =>
      next(
        new DomainError('rate_limited', 'Too many attempts from this address; wait a minute and try again'),
      ),
  });
  // Verification is public and read-only: counted in memory on each node, so a lookup costs no write.
  const verificationRateLimiter = rateLimit({
    windowMs: 60_000,
    limit: deps.verificationRateLimitPerMin ?? 120,
    keyGenerator: (req) => clientAddressKey(req.ip ?? ''),
    // clientAddressKey keys IPv6 clients by subnet itself.
    validate: { keyGeneratorIpFallback: false },
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new DomainError('rate_limited', 'Too many verification requests from this address; wait a minute'),
      ),
  });
  const mountDeps = {
    db: deps.db,
    tokens: deps.tokens,
    clock: deps.clock,
    authRateLimiter,
    verificationRateLimiter,
  };
  // Public reads (verification, issuer documents) carry no session: they skip the cookie parser and the walk
  // past every other route, which is most of their cost besides the one query.
  const isPublicRead = (route: RouteSpec) =>
    route.method === 'get' && route.access === 'public' && !route.sessionCookie;
  const publicReads = express.Router();
  // A stray body is still held to the API's rules (size, well-formed JSON); a GET without one passes at once.
  const readBody = express.json({ limit: DEFAULT_MAX_BODY_BYTES, strict: true });
  publicReads.use((req, res, next) => (req.method === 'GET' ? readBody(req, res, next) : next()));
  mountRoutes(publicReads, routes.filter(isPublicRead), mountDeps);
  app.use(publicReads);
  const api = express.Router();
  for (const route of routes) {
    if (route.maxBodyBytes) api.use(route.path, express.json({ limit: route.maxBodyBytes, strict: true }));
  }
  api.use(express.json({ limit: DEFAULT_MAX_BODY_BYTES, strict: true }));
  api.use(cookieParser());
  mountRoutes(
    api,
    routes.filter((route) => !isPublicRead(route)),
    mountDeps,
  );
  app.use(api);
  app.use(['/api', '/issuers', '/.well-known'], apiNotFound);
  app.use(verificationPages({ ...deps, rateLimiter: verificationRateLimiter }));
  app.use(clientRouter(deps.clientDistDir, deps.defaultTenant));
  app.use(errorHandler);
  return app;
}
