import { randomUUID } from 'node:crypto';
import type { Role } from '../domain/identity/roles.js';
import { findTenantBySlug } from '../persistence/repositories/tenants.js';
import { insertUser } from '../persistence/repositories/users.js';
import { type CreateTenantInput, createTenant } from './create-tenant.js';
import type { AppDeps } from './deps.js';
import { seedDemoProgramme } from './seed-demo-programme.js';
import { runUnitOfWork } from './unit-of-work.js';
import type { TenantView } from './views.js';

/** Password of every demo account (the README lists them). */
export const DEMO_PASSWORD = 'certamen-demo';

/** The demo accounts: one per role in Acme Partner Academy, and a platform admin in the platform tenant. */
export const DEMO_USERS: ReadonlyArray<{
  tenant: string;
  email: string;
  displayName: string;
  roles: Role[];
}> = [
  { tenant: 'acme', email: 'candidate@acme.test', displayName: 'Casey Candidate', roles: ['candidate'] },
  { tenant: 'acme', email: 'proctor@acme.test', displayName: 'Parker Proctor', roles: ['proctor'] },
  { tenant: 'acme', email: 'author@acme.test', displayName: 'Avery Author', roles: ['author'] },
  { tenant: 'acme', email: 'admin@acme.test', displayName: 'Adrian Admin', roles: ['admin'] },
  {
    tenant: 'acme',
    email: 'partner@acme.test',
    displayName: 'Morgan Partner-Manager',
    roles: ['partner_manager'],
  },
  {
    tenant: 'platform',
    email: 'platform@certamen.test',
    displayName: 'Pat Platform',
    roles: ['platform_admin'],
  },
];

/** Creates the tenant unless its slug is taken; the new tenant, or null when it was already there. */
async function ensureTenant(deps: AppDeps, input: CreateTenantInput): Promise<TenantView | null> {
  if (await findTenantBySlug(deps.db, input.slug)) return null;
  return createTenant(deps, null, input);
}

/** Seeds the demo tenant and accounts once; later starts find them and change nothing. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  const acme = await ensureTenant(deps, {
    slug: 'acme',
    name: 'Acme Partner Academy',
    branding: { primaryColor: '#b3541e', logoUrl: null },
    settings: { selfRegistration: true, verificationPrivacy: 'full' },
  });
  const platform = await ensureTenant(deps, { slug: 'platform', name: 'Certamen Platform' });
  const created = [acme, platform].filter((t): t is TenantView => t !== null);
  if (created.length === 0) return false;
  const passwordHash = await deps.passwords.hash(DEMO_PASSWORD);
  for (const tenant of created) {
    await runUnitOfWork(deps, { tenantId: tenant.id, userId: null }, async ({ tx, now, audit }) => {
      for (const demo of DEMO_USERS.filter((u) => u.tenant === tenant.slug)) {
        const id = randomUUID();
        await insertUser(tx, {
          tenantId: tenant.id,
          id,
          email: demo.email,
          displayName: demo.displayName,
          passwordHash,
          roles: demo.roles,
          status: 'active',
          emailVerifiedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await audit({
          action: 'user.seeded',
          subjectType: 'user',
          subjectId: id,
          details: { email: demo.email, roles: demo.roles },
        });
      }
    });
  }
  if (acme) await seedDemoProgramme(deps, acme.id);
  return true;
}
