import { DomainError } from '../errors.js';

/** How much of a holder's name the public verification page may show. */
export type VerificationPrivacy = 'full' | 'initials' | 'hidden';

/** A tenant's look: flows into the exam client, certificates and the verification page. */
export interface TenantBranding {
  readonly logoUrl: string | null;
  readonly primaryColor: string;
}

/** A tenant's programme-wide switches. */
export interface TenantSettings {
  readonly selfRegistration: boolean;
  readonly verificationPrivacy: VerificationPrivacy;
}

/** Branding a new tenant gets unless it says otherwise. */
export const DEFAULT_BRANDING: TenantBranding = Object.freeze({ logoUrl: null, primaryColor: '#1f4e79' });

/** Settings a new tenant gets unless it says otherwise: invitation only, full names on verification. */
export const DEFAULT_SETTINGS: TenantSettings = Object.freeze({
  selfRegistration: false,
  verificationPrivacy: 'full',
});

/** Slugs that would collide with the app's own paths. */
const RESERVED_SLUGS = new Set([
  'api',
  'assets',
  'verify',
  'issuers',
  'well-known',
  'healthz',
  'readyz',
  'admin',
  'www',
]);

/** Throws when the slug is reserved; its shape is checked by the request schema. */
export function assertUsableSlug(slug: string): void {
  if (RESERVED_SLUGS.has(slug)) {
    throw new DomainError('validation_failed', `Slug "${slug}" is reserved`, [
      { path: '/slug', message: 'is reserved' },
    ]);
  }
}

/** A new value object with the patch applied over the current settings (inputs are not mutated). */
export function mergeSettings(current: TenantSettings, patch: Partial<TenantSettings>): TenantSettings {
  return { ...current, ...patch };
}

/** A new value object with the patch applied over the current branding. */
export function mergeBranding(current: TenantBranding, patch: Partial<TenantBranding>): TenantBranding {
  return { ...current, ...patch };
}
