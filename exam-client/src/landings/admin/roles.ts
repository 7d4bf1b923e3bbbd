import type { Role } from '../../types';

/** Every role, in the order the server stores them. */
const ALL_ROLES: readonly Role[] = [
  'candidate',
  'proctor',
  'author',
  'admin',
  'partner_manager',
  'platform_admin',
];

/** Roles a tenant admin may grant; platform_admin is granted only by a platform admin. */
export const GRANTABLE_ROLES: readonly Role[] = [
  'candidate',
  'proctor',
  'author',
  'admin',
  'partner_manager',
];

/** A role as people read it: "partner manager", not "partner_manager". */
export function roleLabel(role: Role): string {
  return role.replaceAll('_', ' ');
}

/** `roles` with `role` added or removed, in canonical order (roles it cannot grant are kept as they were). */
export function withRole(roles: readonly Role[], role: Role, held: boolean): Role[] {
  return ALL_ROLES.filter((candidate) => (candidate === role ? held : roles.includes(candidate)));
}
