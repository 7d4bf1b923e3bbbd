import { ROLES, type Role, TENANT_GRANTABLE_ROLES } from '../../../../server/domain/identity/roles.js';

/** Roles a tenant admin may grant; platform_admin is granted only by a platform admin (the server's own list). */
export const GRANTABLE_ROLES = TENANT_GRANTABLE_ROLES;

/** A role as people read it: "partner manager", not "partner_manager". */
export function roleLabel(role: Role): string {
  return role.replaceAll('_', ' ');
}

/** `roles` with `role` added or removed, in canonical order (roles it cannot grant are kept as they were). */
export function withRole(roles: readonly Role[], role: Role, held: boolean): Role[] {
  return ROLES.filter((candidate) => (candidate === role ? held : roles.includes(candidate)));
}
