// A tenant's brand colour as pages and e-mails use it: checked before it goes into markup, and measured so
// that text on it stays readable.

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** The accent used when a tenant's colour is missing or not `#rrggbb`. */
export const NEUTRAL_ACCENT = '#344054';

/** The tenant's colour when it is a `#rrggbb` value (safe inside a style attribute), else the neutral accent. */
export function brandAccent(primaryColor: string | null | undefined): string {
  return primaryColor && HEX_COLOUR.test(primaryColor) ? primaryColor : NEUTRAL_ACCENT;
}

/**
 * WCAG 2.x relative luminance of `#rrggbb`, 0 (black) to 1 (white): the sRGB channels linearised
 * (c ≤ 0.03928 ? c/12.92 : ((c+0.055)/1.055)^2.4) and weighted 0.2126 R + 0.7152 G + 0.0722 B.
 */
export function relativeLuminance(hex: string): number {
  const linear = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5);
}
