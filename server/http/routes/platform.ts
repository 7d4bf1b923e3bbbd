import { Type } from '@sinclair/typebox';
import { createTenant } from '../../app/create-tenant.js';
import type { AppDeps } from '../../app/deps.js';
import { getTenantById, listAllTenants } from '../../app/tenant-queries.js';
import { updateTenant } from '../../app/update-tenant.js';
import { defineRoute } from '../routing.js';
import {
  Branding,
  DisplayName,
  IdParams,
  ok,
  Settings,
  Slug,
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
  ];
}
