import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.js';
import {
  issuerKeys,
  issuerProfile,
  publishedKeys,
  revocationStatusList,
} from '../../app/credentials/issuer-documents.js';
import {
  verifyCertificateId,
  verifyCertificateIds,
  verifySignedCredential,
} from '../../app/credentials/verify-credential.js';
import {
  BulkVerificationSchema,
  BulkVerifyBody,
  CertificateIdParams,
  IdVerificationSchema,
  SignedVerificationSchema,
  VerifySignedBody,
} from '../credential-schemas.js';
import { defineRoute } from '../routing.js';
import { file, ok, Slug } from '../schemas.js';

const SlugParams = Type.Object({ slug: Slug }, { additionalProperties: false });
const JwksSchema = Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) });

/**
 * Public verification for employers and integrators (rate-limited per client address), and the issuer
 * documents a verifier needs offline: JWKS, issuer profiles and revocation lists.
 */
export function verificationRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/verify/:certificateId',
      summary: 'Verify a certificate ID (any case; spaces and dashes ignored)',
      tag: 'verification',
      access: 'public',
      rateLimit: 'verification',
      params: CertificateIdParams,
      responses: {
        200: ok('The answer: found (with status), not found, or a mistyped ID', IdVerificationSchema),
        429: ok('Too many requests'),
      },
      handler: async ({ params, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await verifyCertificateId(deps, params.certificateId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/verify',
      summary: 'Verify a signed credential (VC-JWT): issuer key, signature, claims, dates and status',
      tag: 'verification',
      access: 'public',
      rateLimit: 'verification',
      body: VerifySignedBody,
      responses: {
        200: ok('The verdict, check by check', SignedVerificationSchema),
        429: ok('Too many requests'),
      },
      handler: async ({ body, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await verifySignedCredential(deps, body.credential));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/verify/bulk',
      summary: 'Verify up to 100 certificate IDs at once',
      tag: 'verification',
      access: 'public',
      rateLimit: 'verification',
      body: BulkVerifyBody,
      responses: {
        200: ok('One answer per ID, in order', Type.Object({ results: Type.Array(BulkVerificationSchema) })),
        429: ok('Too many requests'),
      },
      handler: async ({ body, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json({ results: await verifyCertificateIds(deps, body.ids) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Public keys of every issuer on this service (active and retired)',
      tag: 'verification',
      access: 'public',
      responses: { 200: ok('JWKS', JwksSchema) },
      handler: async ({ res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json(await publishedKeys(deps));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/issuers/:slug',
      summary: "An issuer's Open Badges 3.0 Profile (credentials' issuer.id), linking its keys",
      tag: 'verification',
      access: 'public',
      params: SlugParams,
      responses: {
        200: ok('Profile', Type.Object({}, { additionalProperties: true })),
        404: ok('No such issuer'),
      },
      handler: async ({ params, res }) => {
        res.json(await issuerProfile(deps, params.slug));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/issuers/:slug/jwks.json',
      summary: "One issuer's public keys",
      tag: 'verification',
      access: 'public',
      params: SlugParams,
      responses: { 200: ok('JWKS', JwksSchema), 404: ok('No such issuer') },
      handler: async ({ params, res }) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json(await issuerKeys(deps, params.slug));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/issuers/:slug/status/revocation',
      summary: "An issuer's revocation list: a signed W3C Bitstring Status List credential (VC-JWT)",
      tag: 'verification',
      access: 'public',
      params: SlugParams,
      responses: {
        200: file('The signed status list', 'application/vc+jwt'),
        404: ok('No such issuer, or nothing issued yet'),
      },
      handler: async ({ params, res }) => {
        const list = await revocationStatusList(deps, params.slug);
        res.setHeader('Cache-Control', 'no-store');
        res.type('application/vc+jwt').send(list);
      },
    }),
  ];
}
