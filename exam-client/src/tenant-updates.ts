import type { Tenant, TenantPublic } from './types';

type Listener = (tenant: TenantPublic) => void;

const listeners = new Set<Listener>();

/** What the sign-in and register pages, and the header, need from a tenant its admin has just changed. */
export function toPublicTenant(tenant: Tenant): TenantPublic {
  return {
    slug: tenant.slug,
    name: tenant.name,
    branding: tenant.branding,
    selfRegistration: tenant.settings.selfRegistration,
  };
}

/** Tell the app that a tenant changed (after an admin saved its settings), so branding and header follow at once. */
export function publishTenant(tenant: TenantPublic): void {
  for (const listener of listeners) listener(tenant);
}

/** Be told whenever a tenant is published; returns the unsubscribe function. */
export function onTenantPublished(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
