import type { Static, TSchema } from '@sinclair/typebox';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { TokenService } from '../adapters/token-service.js';
import { type ActingUser, currentActor } from '../app/unit-of-work.js';
import type { Clock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import { hasAnyRole, type Role } from '../domain/identity/roles.js';
import type { Db } from '../persistence/database.js';
import { validate } from './validation.js';

/** Who may call a route: anyone, or a signed-in principal holding one of the roles. */
export type Access = 'public' | readonly Role[];

/** A documented response of a route. */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: TSchema;
  /** The body's media type when it is not JSON (a PDF, an SVG, a JWT). */
  readonly mediaType?: string;
}

/** What a handler receives: validated input and, for non-public routes, the actor. */
export interface RouteInput<B extends TSchema, Q extends TSchema, P extends TSchema, A extends Access> {
  readonly body: Static<B>;
  readonly query: Static<Q>;
  readonly params: Static<P>;
  /** The caller as the database sees them now (status and roles), whatever their token claimed. */
  readonly actor: A extends 'public' ? ActingUser | null : ActingUser;
  readonly req: Request;
  readonly res: Response;
}

/** One HTTP route: its contract (schemas, access, responses) and a thin handler. */
export interface RouteSpec<
  B extends TSchema = TSchema,
  Q extends TSchema = TSchema,
  P extends TSchema = TSchema,
  A extends Access = Access,
> {
  readonly method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express path, e.g. `/api/v1/users/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: A;
  /** Which per-address limit applies: sign-in and registration, or public verification. */
  readonly rateLimit?: 'auth' | 'verification';
  /** A larger JSON body limit, in bytes, than the API's default (bank files, response data). */
  readonly maxBodyBytes?: number;
  /** The route reads the browser session cookie (documented as the `session` security scheme). */
  readonly sessionCookie?: boolean;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly handler: (input: RouteInput<B, Q, P, A>) => Promise<void>;
}

/** Declares a route; the generics tie the handler's input types to the schemas. */
export function defineRoute<B extends TSchema, Q extends TSchema, P extends TSchema, A extends Access>(
  spec: RouteSpec<B, Q, P, A>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** The JSON body limit of routes that do not set their own. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** What mounting routes needs from the outside. */
export interface MountDeps {
  readonly db: Db;
  readonly tokens: TokenService;
  readonly clock: Clock;
  readonly authRateLimiter: RequestHandler;
  readonly verificationRateLimiter: RequestHandler;
}

/**
 * The caller from `Authorization: Bearer <token>`, or null when there is none; a bad token is an error. The
 * token names the account; its status and roles are read from the database on every request, so disabling or
 * demoting an account takes effect on its next request, whatever its token still says.
 */
export async function actorFromRequest(req: Request, deps: MountDeps): Promise<ActingUser | null> {
  const header = req.get('authorization');
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  const claimed = match?.[1] ? deps.tokens.verifyAccessToken(match[1], deps.clock.now()) : undefined;
  if (!claimed) throw new DomainError('unauthenticated', 'The access token is missing, malformed or expired');
  return currentActor(deps.db, claimed);
}

function hasBody(req: Request): boolean {
  return Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
}

/** Mounts each route on the router: rate limit, authentication, role check, validation, then the handler. */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], deps: MountDeps): void {
  for (const route of routes) {
    const handlers: RequestHandler[] = [];
    if (route.rateLimit === 'auth') handlers.push(deps.authRateLimiter);
    if (route.rateLimit === 'verification') handlers.push(deps.verificationRateLimiter);
    handlers.push(async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = await actorFromRequest(req, deps);
        if (route.access !== 'public') {
          if (!actor) throw new DomainError('unauthenticated', 'Sign in to use this route');
          if (!hasAnyRole(actor.roles, route.access)) {
            throw new DomainError(
              'forbidden',
              `This route needs one of the roles: ${route.access.join(', ')}`,
            );
          }
        }
        if (route.body && req.body === undefined && hasBody(req)) {
          throw new DomainError('unsupported_media_type', 'Send the request body as application/json');
        }
        const body = route.body ? validate(route.body, req.body ?? {}, 'body') : undefined;
        const query = route.query ? validate(route.query, req.query, 'query') : undefined;
        const params = route.params ? validate(route.params, req.params, 'params') : undefined;
        await route.handler({ body, query, params, actor, req, res } as RouteInput<
          TSchema,
          TSchema,
          TSchema,
          Access
        >);
      } catch (error) {
        next(error);
      }
    });
    router[route.method](route.path, ...handlers);
  }
}
