import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Debian's poppler-utils (pdftoppm, pdftotext) and zbar-tools (zbarimg) read what users' viewers would.
const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

/** Runs `work` with a fresh temporary directory, removed afterwards. */
async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'certamen-pdf-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The first page of a PDF as a PNG at 150 dpi (`pdftoppm -png -r 150 -singlefile`). */
export function pdfToPng(pdf: Buffer): Promise<Buffer> {
  return inTempDir(async (dir) => {
    const input = path.join(dir, 'in.pdf');
    await fs.writeFile(input, pdf);
    await run('pdftoppm', ['-png', '-r', '150', '-singlefile', input, path.join(dir, 'page')]);
    return fs.readFile(path.join(dir, 'page.png'));
  });
}

/** The contents of every QR code (and other barcode) zbarimg finds in an image, one entry per code. */
export function decodeQrCodes(png: Buffer): Promise<string[]> {
  return inTempDir(async (dir) => {
    const input = path.join(dir, 'in.png');
    await fs.writeFile(input, png);
    try {
      const { stdout } = await run('zbarimg', ['--nodbus', '-q', '--raw', input], { maxBuffer: MAX_BUFFER });
      return stdout.split('\n').filter((line) => line !== '');
    } catch (error) {
      // zbarimg exits with 4 when the image holds no code at all.
      if ((error as { code?: unknown }).code === 4) return [];
      throw error;
    }
  });
}

/** The text of a PDF with its layout kept (`pdftotext -layout - -`, the PDF on standard input). */
export async function pdfText(pdf: Buffer): Promise<string> {
  const running = run('pdftotext', ['-layout', '-', '-'], { maxBuffer: MAX_BUFFER });
  running.child.stdin?.end(pdf);
  const { stdout } = await running;
  return stdout;
}
