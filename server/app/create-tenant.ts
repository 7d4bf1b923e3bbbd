import { randomUUID } from 'node:crypto';
import type { Actor } from '../adapters/token-service.js';
import {
  assertUsableSlug,
  DEFAULT_BRANDING,
  DEFAULT_SETTINGS,
  mergeBranding,
  mergeSettings,
  type TenantBranding,
  type TenantSettings,
} from '../domain/tenants/tenant.js';
import { insertTenant } from '../persistence/repositories/tenants.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';
import { type TenantView, tenantView } from './views.js';

/** What a platform admin gives to open a new programme owner. */
export interface CreateTenantInput {
  readonly slug: string;
  readonly name: string;
  readonly branding?: Partial<TenantBranding>;
  readonly settings?: Partial<TenantSettings>;
}

/** Creates a tenant (platform admins only); the first entry of its audit chain records who did it. */
export async function createTenant(
  deps: AppDeps,
  actor: Actor | null,
  input: CreateTenantInput,
): Promise<TenantView> {
  assertUsableSlug(input.slug);
  const build = (now: Date) => ({
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    branding: mergeBranding(DEFAULT_BRANDING, input.branding ?? {}),
    settings: mergeSettings(DEFAULT_SETTINGS, input.settings ?? {}),
    createdAt: now,
    updatedAt: now,
  });
  return runUnitOfWork(
    deps,
    actor,
    async ({ tx, now, audit, authorize }) => {
      // Seeding creates tenants with no actor; a signed-in caller must be a platform admin now.
      if (actor) authorize(['platform_admin']);
      const tenant = build(now);
      await insertTenant(tx, tenant);
      await audit({
        tenantId: tenant.id,
        actorId: null,
        action: 'tenant.created',
        subjectType: 'tenant',
        subjectId: tenant.id,
        details: {
          slug: tenant.slug,
          name: tenant.name,
          byUserId: actor?.userId ?? 'system',
          byTenantId: actor?.tenantId,
        },
      });
      return tenantView(tenant);
    },
    { onUniqueViolation: `A tenant with slug "${input.slug}" already exists` },
  );
}
