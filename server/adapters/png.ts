import zlib from 'node:zlib';

// PNG datastreams byte by byte (PNG spec, https://www.w3.org/TR/png-3/): the signature, chunks and their
// CRCs, and the per-scanline filters of 8-bit images. Nothing here knows what a badge or a certificate is.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether bytes start with the eight-byte PNG signature (PNG spec §5.2). */
export function hasPngSignature(bytes: Buffer): boolean {
  return bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, 8).equals(PNG_SIGNATURE);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320) as PNG chunks use it (PNG spec §5.5). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One PNG chunk: its four-letter type and its data. */
export interface PngChunk {
  readonly type: string;
  readonly data: Buffer;
}

/** The chunks of a PNG datastream, in order; throws on a missing signature or a truncated chunk. */
export function readPngChunks(png: Buffer): PngChunk[] {
  if (!hasPngSignature(png)) throw new Error('not a PNG image (the PNG signature is missing)');
  const chunks: PngChunk[] = [];
  let at = PNG_SIGNATURE.length;
  while (at < png.length) {
    if (at + 12 > png.length) throw new Error(`truncated PNG chunk at byte ${at}`);
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error(`truncated PNG chunk at byte ${at}`);
    const type = png.toString('latin1', at + 4, at + 8);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at = end;
    if (type === 'IEND') break;
  }
  if (chunks.at(-1)?.type !== 'IEND') throw new Error('PNG image has no IEND chunk');
  return chunks;
}

/** Serialises chunks behind the PNG signature, each with its length and CRC. */
export function writePngChunks(chunks: readonly PngChunk[]): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  for (const { type, data } of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
    parts.push(head, data, tail);
  }
  return Buffer.concat(parts);
}

/** Encodes 8-bit RGBA pixels (row-major, `width * height * 4` bytes) as a PNG; deterministic. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('pixel buffer does not match the image size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filters, no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter "Sub" on every row: flat artwork compresses far better as differences from the left pixel.
    const row = y * (stride + 1);
    raw[row] = 1;
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      raw[row + 1 + x] = (rgba[y * stride + x]! - left) & 0xff;
    }
  }
  return writePngChunks([
    { type: 'IHDR', data: header },
    { type: 'IDAT', data: zlib.deflateSync(raw, { level: 9 }) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}

/** Reverses PNG's per-scanline filters (PNG spec §9: None, Sub, Up, Average, Paeth) for 8-bit samples. */
export function unfilterScanlines(
  data: Buffer,
  width: number,
  height: number,
  bytesPerPixel: number,
): Uint8Array {
  const stride = width * bytesPerPixel;
  const out = new Uint8Array(stride * height);
  for (let y = 0, at = 0; y < height; y++) {
    const filter = data[at++];
    const row = y * stride;
    for (let x = 0; x < stride; x++, at++) {
      const a = x >= bytesPerPixel ? out[row + x - bytesPerPixel]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bytesPerPixel && y > 0 ? out[row - stride + x - bytesPerPixel]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[row + x] = (data[at]! + predictor) & 0xff;
    }
  }
  return out;
}
