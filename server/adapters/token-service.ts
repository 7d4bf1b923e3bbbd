import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../domain/identity/roles.js';

/** Who is calling: decoded from a verified access token. */
export interface Actor {
  readonly userId: string;
  readonly tenantId: string;
  readonly tenantSlug: string;
  readonly roles: readonly Role[];
}

/** Issues and checks short-lived access tokens (HS256 JWTs) and opaque random tokens. */
export interface TokenService {
  issueAccessToken(actor: Actor, now: Date): string;
  /** The actor, or undefined when the token is malformed, forged, of another type, or expired at `now`. */
  verifyAccessToken(token: string, now: Date): Actor | undefined;
  /** A short-lived token for one attempt's live connection: it names the candidate and the attempt only. */
  issueAttemptToken(actor: Actor, attemptId: string, now: Date): string;
  /** The candidate and attempt, or undefined when the token is not a valid, unexpired attempt token. */
  verifyAttemptToken(token: string, now: Date): { actor: Actor; attemptId: string } | undefined;
  readonly accessTokenTtlSec: number;
}

/** How long an attempt token opens the live connection; the player fetches a new one to reconnect later. */
export const ATTEMPT_TOKEN_TTL_SEC = 10 * 60;

const ATTEMPT_AUDIENCE = 'certamen-attempt';

const AUDIENCE = 'certamen-api';
const VERIFIED_CACHE_SIZE = 10_000;

/** Token service over one HMAC secret; `issuer` is the public URL. */
export function jwtTokenService(secret: Buffer, issuer: string, accessTokenTtlSec: number): TokenService {
  // A KeyObject made once: given a raw Buffer, jsonwebtoken first tries (and fails) to parse it as a public
  // key on every call, which costs more than the HMAC itself.
  const key = createSecretKey(secret);
  // Tokens that verified, with their expiry: a token string verifies the same way until it expires, and a
  // browser sends the same one for up to ACCESS_TOKEN_TTL_SEC. Bounded; the oldest entry goes first.
  const verified = new Map<string, { actor: Actor; expMs: number }>();
  return {
    accessTokenTtlSec,
    issueAccessToken(actor, now) {
      const iat = Math.floor(now.getTime() / 1000);
      return jwt.sign(
        {
          tid: actor.tenantId,
          ten: actor.tenantSlug,
          roles: actor.roles,
          typ: 'access',
          iat,
          exp: iat + accessTokenTtlSec,
        },
        key,
        { algorithm: 'HS256', subject: actor.userId, issuer, audience: AUDIENCE },
      );
    },
    issueAttemptToken(actor, attemptId, now) {
      const iat = Math.floor(now.getTime() / 1000);
      return jwt.sign(
        {
          tid: actor.tenantId,
          ten: actor.tenantSlug,
          roles: actor.roles,
          aid: attemptId,
          typ: 'attempt',
          iat,
          exp: iat + ATTEMPT_TOKEN_TTL_SEC,
        },
        key,
        { algorithm: 'HS256', subject: actor.userId, issuer, audience: ATTEMPT_AUDIENCE },
      );
    },
    verifyAttemptToken(token, now) {
      try {
        const claims = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer,
          audience: ATTEMPT_AUDIENCE,
          clockTimestamp: Math.floor(now.getTime() / 1000),
        });
        if (typeof claims !== 'object' || claims.typ !== 'attempt' || typeof claims.sub !== 'string')
          return undefined;
        if (
          typeof claims.tid !== 'string' ||
          typeof claims.ten !== 'string' ||
          typeof claims.aid !== 'string'
        )
          return undefined;
        if (!Array.isArray(claims.roles)) return undefined;
        return {
          actor: {
            userId: claims.sub,
            tenantId: claims.tid,
            tenantSlug: claims.ten,
            roles: claims.roles as Role[],
          },
          attemptId: claims.aid,
        };
      } catch {
        return undefined;
      }
    },
    verifyAccessToken(token, now) {
      const hit = verified.get(token);
      if (hit) {
        if (now.getTime() < hit.expMs) return hit.actor;
        verified.delete(token);
        return undefined;
      }
      try {
        const claims = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer,
          audience: AUDIENCE,
          clockTimestamp: Math.floor(now.getTime() / 1000),
        });
        if (typeof claims !== 'object' || claims.typ !== 'access' || typeof claims.sub !== 'string')
          return undefined;
        if (
          typeof claims.tid !== 'string' ||
          typeof claims.ten !== 'string' ||
          !Array.isArray(claims.roles)
        ) {
          return undefined;
        }
        const actor: Actor = Object.freeze({
          userId: claims.sub,
          tenantId: claims.tid,
          tenantSlug: claims.ten,
          roles: Object.freeze([...(claims.roles as Role[])]),
        });
        if (typeof claims.exp === 'number') {
          if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
          verified.set(token, { actor, expMs: claims.exp * 1000 });
        }
        return actor;
      } catch {
        return undefined;
      }
    },
  };
}

/** A fresh unguessable token (256 bits, base64url) for cookies and invitation links. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a bearer token: its SHA-256, so a database leak yields no usable tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
