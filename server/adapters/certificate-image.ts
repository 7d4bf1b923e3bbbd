import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ImageBox } from './certificate-template.js';
import { hasPngSignature, readPngChunks, unfilterScanlines } from './png.js';

// Images on a certificate (background, logo, signature): each file is prepared once, then embedded in
// every document that shows it.

type Doc = PDFKit.PDFDocument;

/**
 * An image ready to embed: pdfkit decodes a PNG with transparency, splits off its alpha channel and
 * deflates both on every document (milliseconds per image); done once here, a render only writes the
 * two streams. Other images (opaque PNGs, which pdfkit embeds without decoding, JPEGs) keep their bytes.
 */
type PreparedImage =
  | {
      readonly kind: 'split';
      readonly width: number;
      readonly height: number;
      readonly colorSpace: 'DeviceRGB' | 'DeviceGray';
      readonly colour: Buffer;
      readonly alpha: Buffer;
    }
  | { readonly kind: 'bytes'; readonly bytes: Buffer };

const images = new Map<string, { mtimeMs: number; size: number; image: PreparedImage }>();

/** An image file, prepared once and again only when the file changes (a tenant may replace its logo). */
function preparedImage(file: string): PreparedImage {
  const stat = fs.statSync(file);
  const hit = images.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.image;
  const bytes = fs.readFileSync(file);
  const image = splitPngAlpha(bytes) ?? { kind: 'bytes', bytes };
  images.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, image });
  return image;
}

/** Colour and alpha planes (deflated) of an 8-bit, non-interlaced grey+alpha or RGBA PNG; else undefined. */
function splitPngAlpha(bytes: Buffer): PreparedImage | undefined {
  if (!hasPngSignature(bytes)) return undefined;
  const chunks = readPngChunks(bytes);
  const header = chunks[0]!.data;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const [bitDepth, colourType, interlace] = [header[8], header[9], header[12]];
  if (bitDepth !== 8 || interlace !== 0 || (colourType !== 4 && colourType !== 6)) return undefined;
  const channels = colourType === 6 ? 4 : 2;
  const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  const pixels = unfilterScanlines(zlib.inflateSync(idat), width, height, channels);
  const colour = new Uint8Array(width * height * (channels - 1));
  const alpha = new Uint8Array(width * height);
  for (let i = 0, c = 0; i < width * height; i++) {
    for (let k = 0; k < channels - 1; k++) colour[c++] = pixels[i * channels + k]!;
    alpha[i] = pixels[i * channels + channels - 1]!;
  }
  return {
    kind: 'split',
    width,
    height,
    colorSpace: channels === 4 ? 'DeviceRGB' : 'DeviceGray',
    colour: zlib.deflateSync(colour),
    alpha: zlib.deflateSync(alpha),
  };
}

/**
 * What pdfkit's `doc.image` accepts besides bytes: an opened image (as `doc.openImage` returns) that
 * embeds itself on first use. This one writes the prepared planes as an image XObject with a soft mask.
 */
interface EmbeddableImage {
  readonly width: number;
  readonly height: number;
  readonly label: string;
  obj: PDFKit.PDFKitReference | null;
  embed(doc: Doc): void;
}

function embeddable(image: Extract<PreparedImage, { kind: 'split' }>, label: string): EmbeddableImage {
  return {
    width: image.width,
    height: image.height,
    label,
    obj: null,
    embed(doc) {
      const common = { Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height };
      const mask = doc.ref({
        ...common,
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        ColorSpace: 'DeviceGray',
      });
      mask.end(image.alpha);
      const obj = doc.ref({
        ...common,
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        ColorSpace: image.colorSpace,
        SMask: mask,
      });
      obj.end(image.colour);
      this.obj = obj;
    },
  };
}

/** Draws an image file fitted, centred, into a box; `label` is its resource name in the PDF. */
export function drawImage(doc: Doc, file: string, box: Omit<ImageBox, 'file'>, label: string): void {
  const image = preparedImage(file);
  const source = image.kind === 'split' ? (embeddable(image, label) as unknown as Buffer) : image.bytes;
  doc.image(source, box.x, box.y, { fit: [box.width, box.height], align: 'center', valign: 'center' });
}
