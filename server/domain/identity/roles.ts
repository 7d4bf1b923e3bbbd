/** Every role a principal can hold; routes declare which of them may call. */
export const ROLES = [
  'candidate',
  'proctor',
  'author',
  'admin',
  'partner_manager',
  'platform_admin',
] as const;

/** One of ROLES. */
export type Role = (typeof ROLES)[number];

/** Roles a tenant admin may grant; platform_admin is granted only by a platform admin. */
export const TENANT_GRANTABLE_ROLES: readonly Role[] = [
  'candidate',
  'proctor',
  'author',
  'admin',
  'partner_manager',
];

/** True when the holder has at least one of the allowed roles. */
export function hasAnyRole(held: readonly Role[], allowed: readonly Role[]): boolean {
  return allowed.some((role) => held.includes(role));
}

/** Sorted, de-duplicated roles, so stored role lists compare and audit cleanly. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** True when `actorRoles` allows granting exactly `roles` (platform_admin only by a platform admin). */
export function canGrantRoles(actorRoles: readonly Role[], roles: readonly Role[]): boolean {
  if (actorRoles.includes('platform_admin')) return true;
  if (!actorRoles.includes('admin')) return false;
  return roles.every((role) => TENANT_GRANTABLE_ROLES.includes(role));
}
