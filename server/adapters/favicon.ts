import { renderBadgePng } from './badge-png.js';

// The site icon: a medal like the badges', in Certamen's neutral colour. Browsers that read SVG icons take
// /favicon.svg (linked from the client's index.html); everything that asks for /favicon.ico by habit gets
// a real ICO file holding the same medal as PNG images.

/** The colour of the icon: the neutral accent of the server-rendered pages. */
const ICON_COLOR = '#344054';
/** Sizes inside the ICO: the tab icon, and the taskbar and shortcut sizes Windows asks for. */
const ICO_SIZES_PX = [16, 32, 48] as const;

/** The site icon as SVG: a scalloped medal with a white ring and star. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<circle cx="32" cy="32" r="30" fill="#1d2430"/>
<circle cx="32" cy="32" r="25.6" fill="${ICON_COLOR}"/>
<circle cx="32" cy="32" r="21.8" fill="none" stroke="#fff" stroke-width="1.4"/>
<polygon points="32,20.5 35.1,28.2 43.4,28.6 37,33.9 39.1,42 32,37.5 24.9,42 27,33.9 20.6,28.6 28.9,28.2" fill="#fff"/>
</svg>
`;

let ico: Buffer | undefined;

/**
 * The site icon as an ICO file whose images are PNG streams (allowed since Windows Vista, read by every
 * current browser): a 6-byte ICONDIR, one 16-byte ICONDIRENTRY per image, then the PNG data. Made once.
 */
export function faviconIco(): Buffer {
  if (ico) return Buffer.from(ico);
  const pngs = ICO_SIZES_PX.map((size) => renderBadgePng({ brandColor: ICON_COLOR }, size));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length + 16 * pngs.length;
  const entries = pngs.map((png, i) => {
    const size = ICO_SIZES_PX[i]!;
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size % 256, 0); // width (0 would mean 256)
    entry.writeUInt8(size % 256, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  ico = Buffer.concat([header, ...entries, ...pngs]);
  return Buffer.from(ico);
}
