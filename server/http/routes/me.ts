import { Type } from '@sinclair/typebox';
import { beginPasskeyRegistration } from '../../app/begin-passkey-registration.js';
import type { AppDeps } from '../../app/deps.js';
import { registerPasskey } from '../../app/register-passkey.js';
import { removePasskey } from '../../app/remove-passkey.js';
import { requestEmailVerification } from '../../app/request-email-verification.js';
import { getMyProfile, listMyPasskeys } from '../../app/user-queries.js';
import { ROLES } from '../../domain/identity/roles.js';
import { defineRoute } from '../routing.js';
import {
  EmptyBody,
  IdParams,
  ok,
  PasskeyRegistrationStartSchema,
  PasskeySchema,
  RegistrationResponse,
  TenantSchema,
  UserSchema,
  Uuid,
  VerificationLinkSentSchema,
} from '../schemas.js';

/** The signed-in user's own profile and passkeys; every role may call these. */
export function meRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/me',
      summary: 'My profile and my tenant',
      tag: 'me',
      access: ROLES,
      responses: { 200: ok('Profile', Type.Object({ user: UserSchema, tenant: TenantSchema })) },
      handler: async ({ actor, res }) => {
        res.json(getMyProfile(actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/me/email-verification',
      summary: 'E-mail me a new link to confirm my address (earlier links stop working)',
      tag: 'me',
      access: ROLES,
      rateLimit: 'auth',
      body: EmptyBody,
      responses: { 202: ok('A new confirmation link is on its way', VerificationLinkSentSchema) },
      handler: async ({ actor, res }) => {
        res.status(202).json(await requestEmailVerification(deps, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/me/passkeys',
      summary: 'My passkeys',
      tag: 'me',
      access: ROLES,
      responses: { 200: ok('Passkeys', Type.Object({ passkeys: Type.Array(PasskeySchema) })) },
      handler: async ({ actor, res }) => {
        res.json(await listMyPasskeys(deps, actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/me/passkeys/options',
      summary: 'Start enrolling a passkey',
      tag: 'me',
      access: ROLES,
      body: EmptyBody,
      responses: {
        200: ok('WebAuthn creation options and the challenge id', PasskeyRegistrationStartSchema),
      },
      handler: async ({ actor, res }) => {
        res.json(await beginPasskeyRegistration(deps, actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/me/passkeys',
      summary: 'Finish enrolling a passkey',
      tag: 'me',
      access: ROLES,
      body: Type.Object(
        {
          challengeId: Uuid,
          response: RegistrationResponse,
          label: Type.String({ maxLength: 80 }),
        },
        { additionalProperties: false },
      ),
      responses: { 201: ok('Passkey stored', Type.Object({ passkey: PasskeySchema })) },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ passkey: await registerPasskey(deps, actor, body) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/me/passkeys/:id',
      summary: 'Remove one of my passkeys',
      tag: 'me',
      access: ROLES,
      params: IdParams,
      responses: { 204: ok('Removed') },
      handler: async ({ actor, params, res }) => {
        await removePasskey(deps, actor, params.id);
        res.status(204).end();
      },
    }),
  ];
}
