import type { TenantPublic } from './types';

const DEFAULT_BRAND = '#1f4e8c';

/** Apply a tenant's colour as the `--brand` CSS variable (with a readable `--brand-contrast` text colour). */
export function applyBranding(tenant: TenantPublic | null): void {
  const requested = tenant?.branding.primaryColor ?? '';
  const brand = requested && CSS.supports('color', requested) ? requested : DEFAULT_BRAND;
  const root = document.documentElement.style;
  root.setProperty('--brand', brand);
  root.setProperty('--brand-contrast', contrastText(brand));
}

/** Set the document title as "<page> · <tenant>". */
export function setTitle(page: string, tenantName?: string): void {
  document.title = tenantName ? `${page} · ${tenantName}` : page;
}

/**
 * Black or white text for a background colour, by WCAG 2.1 relative luminance
 * (threshold 0.179 gives the higher contrast ratio of the two). Non-hex colours get white.
 */
export function contrastText(color: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? '#111111' : '#ffffff';
}
