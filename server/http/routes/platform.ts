import { Type } from '@sinclair/typebox';
import { cancelInvitation } from '../../app/cancel-invitation.js';
import { createTenant } from '../../app/create-tenant.js';
import type { AppDeps } from '../../app/deps.js';
import { listPendingInvitations } from '../../app/invitation-queries.js';
import { inviteUser } from '../../app/invite-user.js';
import { resendInvitation } from '../../app/resend-invitation.js';
import { getTenantById, listAllTenants } from '../../app/tenant-queries.js';
import { updateTenant } from '../../app/update-tenant.js';
import { defineRoute } from '../routing.js';
import {
  Branding,
  DisplayName,
  Email,
  IdParams,
  InvitationDays,
  InvitationIssuedSchema,
  InvitationSchema,
  ok,
  RoleName,
  Settings,
  Slug,
  TenantInvitationParams,
  TenantPatchBody,
  TenantSchema,
} from '../schemas.js';

const closed = { additionalProperties: false } as const;
const TenantBody = Type.Object({ tenant: TenantSchema });

/** Platform administration: creating and managing tenants. */
export function platformRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/tenants',
      summary: 'All tenants',
      tag: 'platform',
      access: ['platform_admin'],
      responses: { 200: ok('Tenants', Type.Object({ tenants: Type.Array(TenantSchema) })) },
      handler: async ({ res }) => {
        res.json(await listAllTenants(deps));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants',
      summary: 'Create a tenant',
      tag: 'platform',
      access: ['platform_admin'],
      body: Type.Object(
        {
          slug: Slug,
          name: DisplayName,
          branding: Type.Optional(Type.Partial(Branding, closed)),
          settings: Type.Optional(Type.Partial(Settings, closed)),
        },
        closed,
      ),
      responses: { 201: ok('Created', TenantBody) },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ tenant: await createTenant(deps, actor, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/tenants/:id',
      summary: 'One tenant',
      tag: 'platform',
      access: ['platform_admin'],
      params: IdParams,
      responses: { 200: ok('Tenant', TenantBody) },
      handler: async ({ params, res }) => {
        res.json(await getTenantById(deps, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/platform/tenants/:id',
      summary: "Change any tenant's name, branding or settings",
      tag: 'platform',
      access: ['platform_admin'],
      params: IdParams,
      body: TenantPatchBody,
      responses: { 200: ok('Updated', TenantBody) },
      handler: async ({ actor, params, body, res }) => {
        res.json({ tenant: await updateTenant(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/platform/tenants/:id/invitations',
      summary: "A tenant's open invitations (pending or expired), newest first",
      tag: 'platform',
      access: ['platform_admin'],
      params: IdParams,
      responses: { 200: ok('Invitations', Type.Object({ invitations: Type.Array(InvitationSchema) })) },
      handler: async ({ actor, params, res }) => {
        res.json(await listPendingInvitations(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants/:id/invitations',
      summary:
        "Invite a person into a tenant (its first admin, by default): the link is e-mailed and returned, audited in that tenant's chain",
      tag: 'platform',
      access: ['platform_admin'],
      params: IdParams,
      body: Type.Object(
        {
          email: Email,
          roles: Type.Optional(Type.Array(RoleName, { minItems: 1, maxItems: 6, uniqueItems: true })),
          expiresInDays: Type.Optional(InvitationDays),
        },
        closed,
      ),
      responses: { 201: ok('Invitation with its one-time token and link', InvitationIssuedSchema) },
      handler: async ({ actor, params, body, res }) => {
        res.status(201).json(await inviteUser(deps, actor, { ...body, tenantId: params.id }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants/:id/invitations/:invitationId/resend',
      summary: "E-mail one of a tenant's open invitations again with a new link (the old link stops working)",
      tag: 'platform',
      access: ['platform_admin'],
      params: TenantInvitationParams,
      body: Type.Object({ expiresInDays: Type.Optional(InvitationDays) }, closed),
      responses: { 200: ok('The invitation with its new token and link', InvitationIssuedSchema) },
      handler: async ({ actor, params, body, res }) => {
        res.json(
          await resendInvitation(deps, actor, {
            tenantId: params.id,
            invitationId: params.invitationId,
            ...body,
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/platform/tenants/:id/invitations/:invitationId/cancel',
      summary: "Cancel one of a tenant's open invitations: its link stops working",
      tag: 'platform',
      access: ['platform_admin'],
      params: TenantInvitationParams,
      responses: { 200: ok('The cancelled invitation', Type.Object({ invitation: InvitationSchema })) },
      handler: async ({ actor, params, res }) => {
        const invitation = await cancelInvitation(deps, actor, {
          tenantId: params.id,
          invitationId: params.invitationId,
        });
        res.json({ invitation });
      },
    }),
  ];
}
