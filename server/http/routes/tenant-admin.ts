import { Type } from '@sinclair/typebox';
import { cancelInvitation } from '../../app/cancel-invitation.js';
import type { AppDeps } from '../../app/deps.js';
import { listPendingInvitations } from '../../app/invitation-queries.js';
import { inviteUser } from '../../app/invite-user.js';
import { resendInvitation } from '../../app/resend-invitation.js';
import { getOwnTenant, getPublicTenant } from '../../app/tenant-queries.js';
import { updateTenant } from '../../app/update-tenant.js';
import { updateUser } from '../../app/update-user.js';
import { getTenantUser, listTenantUsers } from '../../app/user-queries.js';
import { defineRoute } from '../routing.js';
import {
  DisplayName,
  Email,
  IdParams,
  InvitationDays,
  InvitationIssuedSchema,
  InvitationSchema,
  ok,
  PublicTenantSchema,
  RoleName,
  Slug,
  TenantPatchBody,
  TenantSchema,
  UserSchema,
} from '../schemas.js';

const closed = { additionalProperties: false } as const;

/** A tenant's public face, and what its admins manage: members, invitations, settings. */
export function tenantAdminRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/tenants/:slug/public',
      summary: "A tenant's name, branding and whether it accepts self-registration (for its sign-in page)",
      tag: 'tenants',
      access: 'public',
      params: Type.Object({ slug: Slug }, closed),
      responses: { 200: ok('Public tenant facts', PublicTenantSchema) },
      handler: async ({ params, res }) => {
        res.json(await getPublicTenant(deps, params.slug));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/tenant',
      summary: 'My tenant with its settings',
      tag: 'tenants',
      access: ['admin'],
      responses: { 200: ok('Tenant', Type.Object({ tenant: TenantSchema })) },
      handler: async ({ actor, res }) => {
        res.json(await getOwnTenant(deps, actor));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/tenant',
      summary: "Change my tenant's name, branding or settings",
      tag: 'tenants',
      access: ['admin'],
      body: TenantPatchBody,
      responses: { 200: ok('Updated tenant', Type.Object({ tenant: TenantSchema })) },
      handler: async ({ actor, body, res }) => {
        res.json({ tenant: await updateTenant(deps, actor, actor.tenantId, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users',
      summary: 'Members of my tenant',
      tag: 'users',
      access: ['admin'],
      responses: { 200: ok('Users', Type.Object({ users: Type.Array(UserSchema) })) },
      handler: async ({ actor, res }) => {
        res.json(await listTenantUsers(deps, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/:id',
      summary: 'One member of my tenant',
      tag: 'users',
      access: ['admin'],
      params: IdParams,
      responses: { 200: ok('User', Type.Object({ user: UserSchema })) },
      handler: async ({ actor, params, res }) => {
        res.json(await getTenantUser(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/users/:id',
      summary: "Change a member's name, roles or status",
      tag: 'users',
      access: ['admin'],
      params: IdParams,
      body: Type.Object(
        {
          displayName: Type.Optional(DisplayName),
          roles: Type.Optional(Type.Array(RoleName, { minItems: 1, maxItems: 6, uniqueItems: true })),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
        },
        closed,
      ),
      responses: { 200: ok('Updated user', Type.Object({ user: UserSchema })) },
      handler: async ({ actor, params, body, res }) => {
        res.json({ user: await updateUser(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/invitations',
      summary: 'Open invitations of my tenant (pending or expired), newest first',
      tag: 'users',
      access: ['admin'],
      responses: { 200: ok('Invitations', Type.Object({ invitations: Type.Array(InvitationSchema) })) },
      handler: async ({ actor, res }) => {
        res.json(await listPendingInvitations(deps, actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations',
      summary:
        'Invite a person into my tenant with given roles: the link is e-mailed and returned (409 if the address has an account or a pending invitation)',
      tag: 'users',
      access: ['admin'],
      body: Type.Object(
        {
          email: Email,
          roles: Type.Array(RoleName, { minItems: 1, maxItems: 6, uniqueItems: true }),
          expiresInDays: Type.Optional(InvitationDays),
        },
        closed,
      ),
      responses: { 201: ok('Invitation with its one-time token and link', InvitationIssuedSchema) },
      handler: async ({ actor, body, res }) => {
        res.status(201).json(await inviteUser(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations/:id/resend',
      summary: 'E-mail an open invitation again with a new link and expiry (the old link stops working)',
      tag: 'users',
      access: ['admin'],
      params: IdParams,
      body: Type.Object({ expiresInDays: Type.Optional(InvitationDays) }, closed),
      responses: { 200: ok('The invitation with its new token and link', InvitationIssuedSchema) },
      handler: async ({ actor, params, body, res }) => {
        res.json(await resendInvitation(deps, actor, { invitationId: params.id, ...body }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/invitations/:id/cancel',
      summary: 'Cancel an open invitation: its link stops working',
      tag: 'users',
      access: ['admin'],
      params: IdParams,
      responses: { 200: ok('The cancelled invitation', Type.Object({ invitation: InvitationSchema })) },
      handler: async ({ actor, params, res }) => {
        res.json({ invitation: await cancelInvitation(deps, actor, { invitationId: params.id }) });
      },
    }),
  ];
}
