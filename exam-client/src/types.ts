/** Shapes of the JSON the Certamen HTTP API returns (see server/http/routes). */
import type { Role } from '../../server/domain/identity/roles.js';

/** Roles a user can hold inside a tenant (the server's pure domain list, shared rather than copied). */
export type { Role };

/** Whether a member may sign in. */
export type UserStatus = 'active' | 'disabled';

/** A signed-in principal, or a member of a tenant, as the API presents it. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
  createdAt: string;
}

/** Visual identity of a tenant. */
export interface Branding {
  logoUrl: string | null;
  primaryColor: string;
}

/** What anyone may know about a tenant before signing in. */
export interface TenantPublic {
  slug: string;
  name: string;
  branding: Branding;
  selfRegistration: boolean;
}

/** How much of a credential holder's name the public verification page shows. */
export type VerificationPrivacy = 'full' | 'initials' | 'hidden';

/** What a tenant's admins decide about registration and public verification. */
export interface TenantSettings {
  selfRegistration: boolean;
  verificationPrivacy: VerificationPrivacy;
}

/** A tenant as an authenticated member or a platform admin sees it. */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  branding: Branding;
  settings: TenantSettings;
}

/** A pending invitation into a tenant. */
export interface Invitation {
  id: string;
  email: string;
  roles: Role[];
  expiresAt: string;
}

/** An invitation just made: the one-time token, and the registration link that carries it. */
export interface InvitationIssued {
  invitation: Invitation;
  token: string;
  url: string;
}

/** Body of every successful sign-in, registration or refresh. */
export interface AuthResult {
  accessToken: string;
  user: User;
}

/** A passkey enrolled by the signed-in user. */
export interface Passkey {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: string;
  backedUp: boolean;
}

/** Error body the API sends with every 4xx/5xx. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}
