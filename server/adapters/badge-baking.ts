import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { readPngChunks, writePngChunks } from './png.js';

// Open Badges 3.0 §5.3 "Baking": a credential travels inside its badge image, as an iTXt chunk of a PNG or
// an <openbadges:credential> element of an SVG. https://www.imsglobal.org/spec/ob/v3p0/#baking
// The PNG chunk format is in png.ts; the raster medal a PNG badge starts from is drawn in badge-png.ts.

/** The XML namespace of the baked-credential element (OB 3.0 §5.3.2.1). */
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
/** The iTXt keyword a baked PNG carries its credential under (OB 3.0 §5.3.1.1). */
export const PNG_CREDENTIAL_KEYWORD = 'openbadgecredential';

const DEFAULT_TEMPLATE_DIR = fileURLToPath(new URL('../../credential-templates/', import.meta.url));
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const CREDENTIAL_ELEMENT = 'openbadges:credential';

/** What a badge shows: the certification and who issues it, in the tenant's colour. */
export interface BadgeFields {
  readonly brandColor: string;
  readonly certificationCode: string;
  readonly certificationTitle: string;
  readonly issuerName: string;
}

// ---------------------------------------------------------------------------------------------- SVG

const artworkCache = new Map<string, string>();

/** The SVG badge artwork of a template folder (`<dir>/<name>/badge.svg`), read once per path. */
export function loadBadgeArtwork(name: string, dir: string = DEFAULT_TEMPLATE_DIR): string {
  if (!TEMPLATE_NAME.test(name)) throw new Error(`badge template name "${name}" is not a folder name`);
  const file = path.join(dir, name, 'badge.svg');
  let artwork = artworkCache.get(file);
  if (artwork === undefined) {
    artwork = fs.readFileSync(file, 'utf8');
    artworkCache.set(file, artwork);
  }
  return artwork;
}

/** Escapes text for XML content and attribute values alike, dropping control characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  // XML 1.0 §2.2 Char: tab, newline, carriage return, and U+0020 upwards except U+FFFE and U+FFFF.
  const allowed = (char: string) => {
    const code = char.codePointAt(0)!;
    return (
      code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff)
    );
  };
  return [...text]
    .filter(allowed)
    .join('')
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fills `{{placeholder}}`s in badge artwork with XML-escaped values; an unknown placeholder is an error. */
export function renderBadgeSvg(artwork: string, fields: BadgeFields): string {
  if (!HEX_COLOR.test(fields.brandColor))
    throw new Error(`brand colour "${fields.brandColor}" is not #rrggbb`);
  const [titleLine1, titleLine2] = wrapTwoLines(fields.certificationTitle, 24);
  const values: Record<string, string> = {
    brandColor: fields.brandColor.toLowerCase(),
    brandColorDark: shade(fields.brandColor, 0.35),
    certificationCode: fields.certificationCode,
    certificationTitle: fields.certificationTitle,
    certificationTitleLine1: titleLine1,
    certificationTitleLine2: titleLine2,
    issuerName: fields.issuerName,
  };
  return artwork.replace(/\{\{\s*([A-Za-z0-9]+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`badge artwork uses unknown placeholder {{${key}}}`);
    return xmlEscape(value);
  });
}

/** Splits a title into at most two lines of about `width` characters, the second ending in "…" if cut. */
function wrapTwoLines(title: string, width: number): [string, string] {
  const words = title.trim().split(/\s+/);
  let first = '';
  while (words.length > 0 && (first === '' || first.length + 1 + words[0]!.length <= width))
    first = first === '' ? words.shift()! : `${first} ${words.shift()!}`;
  let second = words.join(' ');
  if (second.length > width) second = `${second.slice(0, width - 1).trimEnd()}…`;
  return [first, second];
}

/** `#rrggbb` mixed towards black by `amount` (0..1). */
export function shade(hex: string, amount: number): string {
  const channel = (i: number) => Math.round(Number.parseInt(hex.slice(i, i + 2), 16) * (1 - amount));
  return `#${[1, 3, 5].map((i) => channel(i).toString(16).padStart(2, '0')).join('')}`;
}

interface Tag {
  readonly name: string;
  readonly kind: 'open' | 'close' | 'empty';
  readonly start: number;
  readonly end: number;
}

/** Element tags of an XML text in order, skipping comments, CDATA sections, processing instructions and DTDs. */
function* xmlTags(xml: string, from = 0): Generator<Tag> {
  let i = xml.indexOf('<', from);
  while (i !== -1) {
    const skipTo = (closer: string) => {
      const at = xml.indexOf(closer, i);
      return at === -1 ? xml.length : at + closer.length;
    };
    let next: number;
    if (xml.startsWith('<!--', i)) next = skipTo('-->');
    else if (xml.startsWith('<![CDATA[', i)) next = skipTo(']]>');
    else if (xml.startsWith('<?', i)) next = skipTo('?>');
    else if (xml.startsWith('<!', i)) {
      // A DOCTYPE may carry an internal subset in [...] with '>' inside it.
      const subset = /^<!DOCTYPE[^>[]*\[/i.exec(xml.slice(i, i + 300));
      if (subset) i = skipTo(']') - 1;
      next = skipTo('>');
    } else {
      // A start or end tag: runs to the first '>' outside a quoted attribute value.
      let quote = '';
      let j = i + 1;
      for (; j < xml.length; j++) {
        const c = xml[j]!;
        if (quote) {
          if (c === quote) quote = '';
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (j >= xml.length) return;
      const raw = xml.slice(i, j + 1);
      const name = /^<\/?([^\s/>]+)/.exec(raw)?.[1] ?? '';
      const kind = raw.startsWith('</') ? 'close' : raw.endsWith('/>') ? 'empty' : 'open';
      yield { name, kind, start: i, end: j + 1 };
      next = j + 1;
    }
    i = xml.indexOf('<', next);
  }
}

/** The root element's start tag when it is an `<svg>` (any prefix), else undefined. */
function svgRoot(svg: string): Tag | undefined {
  const root = xmlTags(svg).next();
  if (root.done || root.value.kind === 'close') return undefined;
  return /^(?:[\w.-]+:)?svg$/.test(root.value.name) ? root.value : undefined;
}

/** The first baked-credential element after the root: its start tag and, unless empty, its end tag. */
function credentialElement(svg: string, root: Tag): { open: Tag; close?: Tag } | undefined {
  let open: Tag | undefined;
  let depth = 0;
  for (const tag of xmlTags(svg, root.end)) {
    if (tag.name !== CREDENTIAL_ELEMENT) continue;
    if (!open) {
      if (tag.kind === 'close') continue;
      if (tag.kind === 'empty') return { open: tag };
      open = tag;
    } else if (tag.kind === 'open') depth++;
    else if (tag.kind === 'close' && depth-- === 0) return { open, close: tag };
  }
  return open ? { open } : undefined;
}

function attribute(startTag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(startTag);
  return match ? decodeEntities(match[1] ?? match[2] ?? '') : undefined;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}

/** Character content of an XML fragment: CDATA sections verbatim, comments dropped, entities decoded. */
function textContent(fragment: string): string {
  let text = '';
  const pieces = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|([^<]+)|(<)/g;
  for (const [, cdata, plain, stray] of fragment.matchAll(pieces)) {
    if (cdata !== undefined) text += cdata;
    else if (plain !== undefined) text += decodeEntities(plain);
    else if (stray !== undefined) text += stray;
  }
  return text;
}

/**
 * Bakes a VC-JWT into SVG badge artwork (OB 3.0 §5.3.2.1): declares `xmlns:openbadges` on the root `<svg>`
 * and puts `<openbadges:credential verify="<compact JWS>"></openbadges:credential>` as its first child,
 * replacing a credential baked before. For a VC-JWT the spec puts the compact JWS in the `verify`
 * attribute and leaves the element empty; a CDATA body is only for credentials with an embedded proof.
 */
export function bakeSvg(svg: string, vcJwt: string): string {
  if (!COMPACT_JWS.test(vcJwt)) throw new Error('the credential to bake is not a compact JWS');
  const root = svgRoot(svg);
  if (!root) throw new Error('the badge image is not an SVG document (its root element is not <svg>)');
  // "There MUST be only one <openbadges:credential> tag in an SVG": take out any earlier bake first. They
  // all follow the root's start tag, so its position stays put.
  for (let old = credentialElement(svg, root); old; old = credentialElement(svg, root)) {
    svg = svg.slice(0, old.open.start) + svg.slice((old.close ?? old.open).end);
  }
  const element = `<${CREDENTIAL_ELEMENT} verify="${vcJwt}"></${CREDENTIAL_ELEMENT}>`;
  const declared = /\sxmlns:openbadges\s*=\s*(?:"[^"]*"|'[^']*')/;
  const declaration = ` xmlns:openbadges="${OB3_NAMESPACE}"`;
  const startTag = svg.slice(root.start, root.end);
  const withNamespace = declared.test(startTag)
    ? startTag.replace(declared, declaration)
    : startTag.replace(/\s*(\/?)>$/, `${declaration}$1>`);
  const opened =
    root.kind === 'empty'
      ? `${withNamespace.replace(/\s*\/>$/, '>')}${element}</${root.name}>`
      : `${withNamespace}${element}`;
  return svg.slice(0, root.start) + opened + svg.slice(root.end);
}

/**
 * The credential baked into an SVG badge: the `verify` attribute of the first `<openbadges:credential>`
 * (VC-JWT), else its text content with or without CDATA; null for a non-SVG or an unbaked image.
 * Markup inside comments and CDATA sections does not count as an element.
 */
export function extractFromSvg(svg: string): string | null {
  const root = svgRoot(svg);
  if (!root) return null;
  const element = credentialElement(svg, root);
  if (!element) return null;
  const verify = attribute(svg.slice(element.open.start, element.open.end), 'verify')?.trim();
  if (verify) return verify;
  if (!element.close) return null;
  const body = textContent(svg.slice(element.open.end, element.close.start)).trim();
  return body === '' ? null : body;
}

// ---------------------------------------------------------------------------------------------- PNG

/** The keyword of an iTXt chunk (the Latin-1 text before its first NUL). */
function itxtKeyword(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('latin1', 0, nul === -1 ? data.length : nul);
}

/**
 * Bakes a VC-JWT into a PNG badge (OB 3.0 §5.3.1.1): an iTXt chunk with keyword `openbadgecredential`,
 * no compression, empty language tag and translated keyword, the compact JWS as text, just before IEND.
 * A credential baked before is replaced ("MUST NOT appear in a PNG more than once").
 */
export function bakePng(png: Buffer, vcJwt: string): Buffer {
  if (!COMPACT_JWS.test(vcJwt)) throw new Error('the credential to bake is not a compact JWS');
  const kept = readPngChunks(png).filter(
    (chunk) => !(chunk.type === 'iTXt' && itxtKeyword(chunk.data) === PNG_CREDENTIAL_KEYWORD),
  );
  // keyword NUL, compression flag 0, compression method 0, language tag "" NUL, translated keyword "" NUL.
  const itxt = Buffer.concat([
    Buffer.from(PNG_CREDENTIAL_KEYWORD, 'latin1'),
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(vcJwt, 'utf8'),
  ]);
  return writePngChunks([...kept.slice(0, -1), { type: 'iTXt', data: itxt }, kept.at(-1)!]);
}

/**
 * The text of the first `openbadgecredential` iTXt chunk of a PNG, or null; throws on a non-PNG, and on a
 * compressed text that would inflate beyond `maxTextBytes` (a small upload must not become a huge buffer).
 */
export function extractFromPng(png: Buffer, maxTextBytes = 64 * 1024): string | null {
  for (const chunk of readPngChunks(png)) {
    if (chunk.type !== 'iTXt' || itxtKeyword(chunk.data) !== PNG_CREDENTIAL_KEYWORD) continue;
    const flagAt = PNG_CREDENTIAL_KEYWORD.length + 1;
    const compressed = chunk.data[flagAt] === 1;
    const languageEnd = chunk.data.indexOf(0, flagAt + 2);
    const translatedEnd = languageEnd === -1 ? -1 : chunk.data.indexOf(0, languageEnd + 1);
    if (translatedEnd === -1) return null;
    const text = chunk.data.subarray(translatedEnd + 1);
    // Bakers must not compress, but a reader loses nothing by accepting a zlib-compressed text.
    return (compressed ? zlib.inflateSync(text, { maxOutputLength: maxTextBytes }) : text).toString('utf8');
  }
  return null;
}
