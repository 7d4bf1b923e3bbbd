import { type BadgeFields, shade } from './badge-baking.js';
import { encodePng } from './png.js';

// The raster badge: a medal drawn pixel by pixel into a PNG, for platforms that take no SVG. The SVG
// artwork and the baking of credentials into either image live in badge-baking.ts.

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

type Rgba = readonly [number, number, number, number];

function hexToRgba(hex: string): Rgba {
  const channel = (i: number) => Number.parseInt(hex.slice(i, i + 2), 16);
  return [channel(1), channel(3), channel(5), 255];
}

const BADGE_PNG_CACHE_SIZE = 64;
const badgePngs = new Map<string, Buffer>();

/**
 * A round medal in the brand colour as a PNG (`sizePx` square, transparent corners): a scalloped rim in a
 * darker shade, a white ring and a white star. It carries no text; bake a credential into it with bakePng.
 * Drawing takes tens of milliseconds, so the last few colours' images are kept (bakePng copies, never
 * mutates them).
 */
export function renderBadgePng(fields: Pick<BadgeFields, 'brandColor'>, sizePx = 256): Buffer {
  if (!HEX_COLOR.test(fields.brandColor))
    throw new Error(`brand colour "${fields.brandColor}" is not #rrggbb`);
  const key = `${fields.brandColor.toLowerCase()}:${sizePx}`;
  let png = badgePngs.get(key);
  if (!png) {
    png = drawMedal(fields.brandColor, sizePx);
    if (badgePngs.size >= BADGE_PNG_CACHE_SIZE) badgePngs.delete(badgePngs.keys().next().value as string);
    badgePngs.set(key, png);
  }
  return Buffer.from(png);
}

function drawMedal(brandColor: string, sizePx: number): Buffer {
  const brand = hexToRgba(brandColor);
  const rim = hexToRgba(shade(brandColor, 0.35));
  const white: Rgba = [255, 255, 255, 255];
  const star = starPolygon(0, 0, 0.36, 0.15);
  // Shapes in unit coordinates centred on the medal, topmost first.
  const paint = (x: number, y: number): Rgba | undefined => {
    const r = Math.sqrt(x * x + y * y); // not Math.hypot: this runs a million times and hypot is slow in V8
    if (r > 0.96) return undefined;
    if (r <= 0.36 && insidePolygon(star, x, y)) return white;
    if (r <= 0.7 && r >= 0.66) return white;
    if (r <= 0.8) return brand;
    const scallop = 0.92 + 0.04 * Math.cos(24 * Math.atan2(y, x));
    return r <= scallop ? rim : undefined;
  };
  return encodePng(
    sizePx,
    sizePx,
    rasterise(sizePx, sizePx, (px, py) => paint((2 * px) / sizePx - 1, (2 * py) / sizePx - 1)),
  );
}

/** A five-pointed star pointing up, as polygon vertices. */
function starPolygon(cx: number, cy: number, outer: number, inner: number): [number, number][] {
  return Array.from({ length: 10 }, (_, i) => {
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? outer : inner;
    return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  });
}

/** Even-odd point-in-polygon test. */
function insidePolygon(polygon: readonly (readonly [number, number])[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Samples `paint` 4×4 times per pixel and averages (premultiplied) for anti-aliased edges. */
function rasterise(
  width: number,
  height: number,
  paint: (x: number, y: number) => Rgba | undefined,
): Uint8Array {
  const grid = 4;
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < grid; sy++) {
        for (let sx = 0; sx < grid; sx++) {
          const colour = paint(x + (sx + 0.5) / grid, y + (sy + 0.5) / grid);
          if (!colour) continue;
          const alpha = colour[3] / 255;
          r += colour[0] * alpha;
          g += colour[1] * alpha;
          b += colour[2] * alpha;
          a += alpha;
        }
      }
      if (a === 0) continue;
      const at = (y * width + x) * 4;
      pixels[at] = Math.round(r / a);
      pixels[at + 1] = Math.round(g / a);
      pixels[at + 2] = Math.round(b / a);
      pixels[at + 3] = Math.round((a / (grid * grid)) * 255);
    }
  }
  return pixels;
}
