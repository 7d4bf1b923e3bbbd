import type { VerificationPrivacy } from '../tenants/tenant.js';

/**
 * The holder's name as the tenant's privacy setting lets a verifier see it: in full, as initials
 * ("Ada Lovelace" → "A. L."), or not at all (null).
 */
export function holderNameForVerifier(name: string, privacy: VerificationPrivacy): string | null {
  if (privacy === 'hidden') return null;
  if (privacy === 'full') return name;
  const initials = name
    .split(/[\s-]+/u)
    .filter((part) => part.length > 0)
    .map((part) => `${Array.from(part)[0]?.toUpperCase()}.`);
  return initials.join(' ') || null;
}
