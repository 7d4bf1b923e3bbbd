import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { beginPasskeySignIn } from '../../app/begin-passkey-sign-in.js';
import type { AppDeps } from '../../app/deps.js';
import { refreshSession } from '../../app/refresh-session.js';
import { registerUser } from '../../app/register-user.js';
import { verifyEmail } from '../../app/verify-email.js';
import { signInWithPasskey } from '../../app/sign-in-with-passkey.js';
import { signInWithPassword } from '../../app/sign-in-with-password.js';
import { signOut } from '../../app/sign-out.js';
import type { SignedIn } from '../../app/start-session.js';
import { defineRoute } from '../routing.js';
import {
  AuthenticationResponse,
  CheckEmailSchema,
  DisplayName,
  Email,
  EmailVerifiedSchema,
  EmptyBody,
  ok,
  PasskeySignInStartSchema,
  Password,
  SignedInSchema,
  Slug,
  Uuid,
} from '../schemas.js';

/** Name of the httpOnly cookie that carries the refresh token. */
export const SESSION_COOKIE = 'certamen_session';
const COOKIE_PATH = '/api/v1/auth';

function sendSignedIn(res: Response, signedIn: SignedIn, status: number, secure: boolean): void {
  res.cookie(SESSION_COOKIE, signedIn.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: COOKIE_PATH,
    expires: signedIn.refreshExpiresAt,
  });
  res.status(status).json({ accessToken: signedIn.accessToken, user: signedIn.user });
}

const cookieOf = (cookies: unknown): string | undefined => {
  const value = (cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' ? value : undefined;
};

/** Sign-up, sign-in (password and passkey), refresh and sign-out. */
export function authRoutes(deps: AppDeps) {
  const secure = deps.publicUrl.startsWith('https://');
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/register',
      summary:
        'Create an account: by invitation (signed in at once) or by self-registration (answered "check your e-mail" whether or not the address has an account)',
      tag: 'auth',
      access: 'public',
      rateLimit: 'auth',
      body: Type.Object(
        {
          tenant: Slug,
          email: Email,
          password: Password,
          displayName: DisplayName,
          invitationToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      responses: {
        201: ok('Registered by invitation: account created and signed in', SignedInSchema),
        202: ok(
          'Self-registration received: the outcome (a confirmation link, or a notice that the account exists) is e-mailed',
          CheckEmailSchema,
        ),
      },
      handler: async ({ body, res }) => {
        const registration = await registerUser(deps, body);
        if (registration.outcome === 'signed_in')
          return sendSignedIn(res, registration.signedIn, 201, secure);
        res.status(202).json({
          status: 'check_email',
          email: registration.email,
          message: `Check your e-mail: we sent a message to ${registration.email} to finish creating your account.`,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/verify-email',
      summary:
        'Confirm an e-mail address with the token of an e-mailed link (credentials issued to it join the account)',
      tag: 'auth',
      access: 'public',
      rateLimit: 'auth',
      body: Type.Object(
        { token: Type.String({ minLength: 1, maxLength: 200 }) },
        { additionalProperties: false },
      ),
      responses: { 200: ok('Address confirmed', EmailVerifiedSchema) },
      handler: async ({ body, res }) => {
        res.json(await verifyEmail(deps, body.token));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/login',
      summary: 'Sign in with e-mail and password',
      tag: 'auth',
      access: 'public',
      rateLimit: 'auth',
      body: Type.Object({ tenant: Slug, email: Email, password: Password }, { additionalProperties: false }),
      responses: { 200: ok('Signed in; the session cookie is set', SignedInSchema) },
      handler: async ({ body, res }) => sendSignedIn(res, await signInWithPassword(deps, body), 200, secure),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/passkey/options',
      summary:
        'Start a passkey sign-in: any discoverable passkey may answer; an e-mail, if sent, changes nothing',
      tag: 'auth',
      access: 'public',
      rateLimit: 'auth',
      body: Type.Object({ tenant: Slug, email: Type.Optional(Email) }, { additionalProperties: false }),
      responses: { 200: ok('WebAuthn request options and the challenge id', PasskeySignInStartSchema) },
      handler: async ({ body, res }) => {
        res.json(await beginPasskeySignIn(deps, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/passkey/verify',
      summary: 'Finish a passkey sign-in',
      tag: 'auth',
      access: 'public',
      rateLimit: 'auth',
      body: Type.Object(
        { tenant: Slug, challengeId: Uuid, response: AuthenticationResponse },
        { additionalProperties: false },
      ),
      responses: { 200: ok('Signed in; the session cookie is set', SignedInSchema) },
      handler: async ({ body, res }) => sendSignedIn(res, await signInWithPasskey(deps, body), 200, secure),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/refresh',
      summary: 'Trade the session cookie for a fresh access token (the cookie rotates)',
      tag: 'auth',
      access: 'public',
      sessionCookie: true,
      rateLimit: 'auth',
      body: EmptyBody,
      responses: { 200: ok('A new access token', SignedInSchema) },
      handler: async ({ req, res }) =>
        sendSignedIn(res, await refreshSession(deps, cookieOf(req.cookies)), 200, secure),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/auth/logout',
      summary: 'End the browser session',
      tag: 'auth',
      access: 'public',
      sessionCookie: true,
      body: EmptyBody,
      responses: { 204: ok('Signed out') },
      handler: async ({ req, res }) => {
        await signOut(deps, cookieOf(req.cookies));
        res.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH });
        res.status(204).end();
      },
    }),
  ];
}
