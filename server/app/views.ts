import type { PasskeyRow } from '../persistence/repositories/passkeys.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import type { UserRow } from '../persistence/repositories/users.js';

/** A user as callers see it: never the password hash. */
export function userView(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    status: user.status,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** A tenant as its members and platform admins see it. */
export function tenantView(tenant: TenantRow) {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    branding: tenant.branding,
    settings: tenant.settings,
    createdAt: tenant.createdAt.toISOString(),
  };
}

/** What anyone may know about a tenant (for its sign-in page). */
export function tenantPublicView(tenant: TenantRow) {
  return {
    slug: tenant.slug,
    name: tenant.name,
    branding: tenant.branding,
    selfRegistration: tenant.settings.selfRegistration,
  };
}

/** A passkey as its owner sees it: never the public key or credential id. */
export function passkeyView(passkey: PasskeyRow) {
  return {
    id: passkey.id,
    label: passkey.label,
    deviceType: passkey.deviceType,
    backedUp: passkey.backedUp,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}

/** A user view. */
export type UserView = ReturnType<typeof userView>;
/** A tenant view. */
export type TenantView = ReturnType<typeof tenantView>;
