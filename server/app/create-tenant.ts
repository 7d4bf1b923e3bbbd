import { randomUUID } from 'node:crypto';
import type { Actor } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { hasAnyRole } from '../domain/identity/roles.js';
import {
  assertUsableSlug,
  DEFAULT_BRANDING,
  DEFAULT_SETTINGS,
  mergeBranding,
  mergeSettings,
  type TenantBranding,
  type TenantSettings,
} from '../domain/tenants/tenant.js';
import { appendAudit } from '../persistence/audit-chain.js';
import { inTransaction } from '../persistence/database.js';
import { insertTenant } from '../persistence/repositories/tenants.js';
import { isUniqueViolation } from './db-errors.js';
import type { AppDeps } from './deps.js';
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
  if (actor && !hasAnyRole(actor.roles, ['platform_admin'])) {
    throw new DomainError('forbidden', 'Only platform administrators create tenants');
  }
  assertUsableSlug(input.slug);
  const now = deps.clock.now();
  const tenant = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    branding: mergeBranding(DEFAULT_BRANDING, input.branding ?? {}),
    settings: mergeSettings(DEFAULT_SETTINGS, input.settings ?? {}),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await inTransaction(deps.db, async (tx) => {
      await insertTenant(tx, tenant);
      await appendAudit(tx, {
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
        occurredAt: now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError('conflict', `A tenant with slug "${input.slug}" already exists`);
    throw error;
  }
  return tenantView(tenant);
}
