import { randomBytes, randomUUID } from 'node:crypto';
import type { AppDeps } from '../../server/app/deps.js';
import type { Role } from '../../server/domain/identity/roles.js';
import {
  DEFAULT_BRANDING,
  DEFAULT_SETTINGS,
  type TenantSettings,
} from '../../server/domain/tenants/tenant.js';
import { insertTenant, type TenantRow } from '../../server/persistence/repositories/tenants.js';
import { insertUser, type UserRow } from '../../server/persistence/repositories/users.js';

/** Password every factory-made user has. */
export const FACTORY_PASSWORD = 'correct horse battery';

/** A new tenant with a unique slug (each test makes its own, so tests never share rows). */
export async function makeTenant(
  deps: AppDeps,
  overrides: { slug?: string; name?: string; settings?: Partial<TenantSettings> } = {},
): Promise<TenantRow> {
  const now = deps.clock.now();
  const slug = overrides.slug ?? `t-${randomBytes(5).toString('hex')}`;
  const tenant: TenantRow = {
    id: randomUUID(),
    slug,
    name: overrides.name ?? `Tenant ${slug}`,
    branding: DEFAULT_BRANDING,
    settings: { ...DEFAULT_SETTINGS, ...overrides.settings },
    createdAt: now,
    updatedAt: now,
  };
  await insertTenant(deps.db, tenant);
  return tenant;
}

/** A new active user in the tenant with the given roles (candidate by default). */
export async function makeUser(
  deps: AppDeps,
  tenant: TenantRow,
  overrides: {
    email?: string;
    roles?: Role[];
    displayName?: string;
    status?: 'active' | 'disabled';
    emailVerified?: boolean;
  } = {},
): Promise<UserRow> {
  const now = deps.clock.now();
  const user: UserRow = {
    tenantId: tenant.id,
    id: randomUUID(),
    email: overrides.email ?? `u-${randomBytes(4).toString('hex')}@example.test`,
    displayName: overrides.displayName ?? 'Test Person',
    passwordHash: await deps.passwords.hash(FACTORY_PASSWORD),
    roles: overrides.roles ?? ['candidate'],
    status: overrides.status ?? 'active',
    emailVerifiedAt: overrides.emailVerified === false ? null : now,
    createdAt: now,
    updatedAt: now,
  };
  await insertUser(deps.db, user);
  return user;
}

/** An access token for the user, as a sign-in would issue (for tests that are not about signing in). */
export function tokenFor(deps: AppDeps, tenant: TenantRow, user: UserRow): string {
  return deps.tokens.issueAccessToken(
    { userId: user.id, tenantId: tenant.id, tenantSlug: tenant.slug, roles: user.roles },
    deps.clock.now(),
  );
}
