import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { changeCredentialStanding } from '../../app/credentials/change-credential-standing.js';
import {
  type CredentialFile,
  type CredentialFileKind,
  credentialFile,
  getCredential,
  listMyCredentials,
  listTenantCredentials,
} from '../../app/credentials/credential-queries.js';
import { importCredentialHolders } from '../../app/credentials/import-credential-holders.js';
import { issueCredential } from '../../app/credentials/issue-credential.js';
import { listTenantSigningKeys, rotateSigningKey } from '../../app/credentials/signing-keys.js';
import type { AppDeps } from '../../app/deps.js';
import { utcDayStart } from '../../domain/credentials/credential-status.js';
import { ROLES } from '../../domain/identity/roles.js';
import {
  CredentialSchema,
  DryRunQuery,
  HolderImportReportSchema,
  ImportHoldersBody,
  IssueCredentialBody,
  ReinstateBody,
  RevokeBody,
  SigningKeySchema,
  SuspendBody,
} from '../credential-schemas.js';
import { defineRoute } from '../routing.js';
import { EmptyBody, file, IdParams, ok } from '../schemas.js';

const SIGNED_IN = ROLES;
const One = Type.Object({ credential: CredentialSchema });

function sendFile(res: Response, file: CredentialFile): void {
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.type(file.contentType).send(file.body);
}

/** Credentials: issuing by hand, importing holders, standing changes, and each holder's own downloads. */
export function credentialRoutes(deps: AppDeps) {
  const download = (kind: CredentialFileKind, suffix: string, summary: string, mediaType: string) =>
    defineRoute({
      method: 'get',
      path: `/api/v1/credentials/:id/${suffix}`,
      summary,
      tag: 'credentials',
      access: SIGNED_IN,
      params: IdParams,
      responses: { 200: file(summary, mediaType), 404: ok('No such credential, or not yours') },
      handler: async ({ actor, params, res }) => {
        sendFile(res, await credentialFile(deps, actor, params.id, kind));
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/credentials',
      summary: "My programme's credentials, newest first",
      tag: 'credentials',
      access: ['admin'],
      responses: { 200: ok('Credentials', Type.Object({ credentials: Type.Array(CredentialSchema) })) },
      handler: async ({ actor, res }) => {
        res.json({ credentials: await listTenantCredentials(deps, actor) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/credentials',
      summary: 'Issue a credential by hand (expiry from the certification’s validity)',
      tag: 'credentials',
      access: ['admin'],
      body: IssueCredentialBody,
      responses: { 201: ok('Issued', One), 404: ok('No such certification') },
      handler: async ({ actor, body, res }) => {
        const issuedAt = body.issuedOn ? utcDayStart(body.issuedOn) : deps.clock.now();
        const credential = await issueCredential(deps, actor, {
          certificationId: body.certificationId,
          holder: { name: body.holderName.trim(), email: body.holderEmail, userId: null },
          issuedAt,
          source: 'manual',
        });
        res.status(201).json({ credential });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/credentials/import',
      summary: 'Import existing certificate holders from CSV: all or nothing, problems reported by line',
      tag: 'credentials',
      access: ['admin'],
      maxBodyBytes: 3 * 1024 * 1024,
      body: ImportHoldersBody,
      query: DryRunQuery,
      responses: { 200: ok('Imported (or checked)', HolderImportReportSchema), 422: ok('Problems, by line') },
      handler: async ({ actor, body, query, res }) => {
        res.json(await importCredentialHolders(deps, actor, body.csv, { dryRun: query.dryRun === 'true' }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/me/credentials',
      summary: 'My credentials',
      tag: 'credentials',
      access: SIGNED_IN,
      responses: { 200: ok('Credentials', Type.Object({ credentials: Type.Array(CredentialSchema) })) },
      handler: async ({ actor, res }) => {
        res.json({ credentials: await listMyCredentials(deps, actor) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/credentials/:id',
      summary: 'One credential (its holder or an admin)',
      tag: 'credentials',
      access: SIGNED_IN,
      params: IdParams,
      responses: { 200: ok('Credential', One), 404: ok('No such credential, or not yours') },
      handler: async ({ actor, params, res }) => {
        res.json({ credential: await getCredential(deps, actor, params.id) });
      },
    }),
    download(
      'certificate',
      'certificate.pdf',
      'The PDF certificate (same bytes every time)',
      'application/pdf',
    ),
    download('badge', 'badge.svg', 'The badge image with the signed credential baked in', 'image/svg+xml'),
    download(
      'badge-png',
      'badge.png',
      'The badge image as PNG with the signed credential baked in',
      'image/png',
    ),
    download('signed', 'credential.jwt', 'The signed Open Badges 3.0 credential (VC-JWT)', 'application/jwt'),
    defineRoute({
      method: 'post',
      path: '/api/v1/credentials/:id/suspend',
      summary: 'Suspend a credential, with a reason',
      tag: 'credentials',
      access: ['admin'],
      params: IdParams,
      body: SuspendBody,
      responses: { 200: ok('Suspended', One), 409: ok('Already suspended, or revoked') },
      handler: async ({ actor, params, body, res }) => {
        res.json({
          credential: await changeCredentialStanding(deps, actor, params.id, { change: 'suspend', ...body }),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/credentials/:id/reinstate',
      summary: 'Reinstate a suspended credential',
      tag: 'credentials',
      access: ['admin'],
      params: IdParams,
      body: ReinstateBody,
      responses: { 200: ok('Reinstated', One), 409: ok('Not suspended, or revoked') },
      handler: async ({ actor, params, body, res }) => {
        res.json({
          credential: await changeCredentialStanding(deps, actor, params.id, {
            change: 'reinstate',
            ...body,
          }),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/credentials/:id/revoke',
      summary: 'Revoke a credential (final), with a reason',
      tag: 'credentials',
      access: ['admin'],
      params: IdParams,
      body: RevokeBody,
      responses: { 200: ok('Revoked', One), 409: ok('Already revoked') },
      handler: async ({ actor, params, body, res }) => {
        res.json({
          credential: await changeCredentialStanding(deps, actor, params.id, { change: 'revoke', ...body }),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/signing-keys',
      summary: "My programme's credential signing keys (public halves only)",
      tag: 'credentials',
      access: ['admin'],
      responses: { 200: ok('Keys', Type.Object({ keys: Type.Array(SigningKeySchema) })) },
      handler: async ({ actor, res }) => {
        res.json({ keys: await listTenantSigningKeys(deps, actor.tenantId) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/signing-keys/rotate',
      summary: 'Rotate the signing key: new credentials use a new key; old keys stay published',
      tag: 'credentials',
      access: ['admin'],
      body: EmptyBody,
      responses: {
        201: ok('The new key', Type.Object({ key: SigningKeySchema })),
        409: ok('Another rotation finished at the same moment; try again'),
      },
      handler: async ({ actor, res }) => {
        res.status(201).json({ key: await rotateSigningKey(deps, actor) });
      },
    }),
  ];
}
