import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
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

// Badge SVGs are read and rewritten with fast-xml-parser, configured for hostile input: no entity expansion
// at all (an SVG that declares entities is refused before parsing, so neither "billion laughs" nor external
// entities can cost anything), a nesting limit, a size limit, and attributes and text kept as strings.

/** The largest SVG read for a credential; an upload is already capped lower, this guards other callers. */
export const MAX_SVG_CHARS = 1024 * 1024;
/** Deeper element nesting than any badge artwork has; deeper files are refused, not walked. */
const MAX_SVG_DEPTH = 64;
const TEXT = '#text';
const CDATA = '#cdata';
const COMMENT = '#comment';
const ATTRIBUTES = ':@';
const ATTRIBUTE_PREFIX = '@_';

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: false,
  ignorePiTags: false,
  cdataPropName: CDATA,
  commentPropName: COMMENT,
  maxNestedTags: MAX_SVG_DEPTH,
} as const;

/** One node of fast-xml-parser's ordered tree: `{ name: children, ':@': attributes }`, or a text node. */
type XmlNode = Record<string, unknown>;

/** What reading an SVG badge for its credential found. */
export type SvgCredential =
  | { readonly kind: 'found'; readonly credential: string }
  | { readonly kind: 'absent' }
  | { readonly kind: 'not_svg' }
  | { readonly kind: 'refused'; readonly reason: string };

/** The element's name: its one key that is not the attribute map. */
function nameOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ATTRIBUTES) ?? '';
}

function isElement(name: string): boolean {
  return name !== '' && name !== TEXT && name !== CDATA && name !== COMMENT && !name.startsWith('?');
}

function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[nameOf(node)];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

function attributesOf(node: XmlNode): Record<string, string> {
  const attributes = node[ATTRIBUTES];
  return attributes && typeof attributes === 'object' ? (attributes as Record<string, string>) : {};
}

/**
 * XML 1.0 §4.6 and §4.1: the five predefined entities and character references, which every XML reader
 * understands. Nothing a document declares is ever expanded.
 */
function decodePredefined(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const code = entity.startsWith('#x')
        ? Number.parseInt(entity.slice(2), 16)
        : Number.parseInt(entity.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? whole;
  });
}

type ParsedSvg = { readonly kind: 'svg'; readonly tree: XmlNode[]; readonly root: XmlNode } | SvgCredential;

/** Parses a would-be SVG under the limits above; its root element must be `<svg>` (any prefix). */
function parseSvg(svg: string): ParsedSvg {
  if (svg.length > MAX_SVG_CHARS) return { kind: 'refused', reason: 'The SVG image is too large to read.' };
  // A badge never needs a document type with entity declarations; refusing them is the whole defence
  // against entity expansion (billion laughs) and external entities, before the parser sees the text.
  if (/<!ENTITY/i.test(svg))
    return {
      kind: 'refused',
      reason: 'The SVG image declares XML entities, which a badge never needs; it was not read.',
    };
  let tree: XmlNode[];
  try {
    // The parser itself is lenient (it would read `<svg><g></svg>`); the validator is strict and iterative.
    if (XMLValidator.validate(svg, { allowBooleanAttributes: true }) !== true)
      throw new Error('not well-formed');
    tree = new XMLParser(XML_OPTIONS).parse(svg) as XmlNode[];
  } catch {
    return /<svg[\s>/]/i.test(svg)
      ? { kind: 'refused', reason: 'The SVG image is not well-formed XML, or is nested too deeply to read.' }
      : { kind: 'not_svg' };
  }
  const root = tree.find((node) => isElement(nameOf(node)));
  if (!root || !/^(?:[\w.-]+:)?svg$/.test(nameOf(root))) return { kind: 'not_svg' };
  return { kind: 'svg', tree, root };
}

/** Every baked-credential element under `root`, in document order (walked without recursion). */
function credentialElements(root: XmlNode): { node: XmlNode; parent: XmlNode }[] {
  const found: { node: XmlNode; parent: XmlNode }[] = [];
  const stack: { node: XmlNode; parent: XmlNode }[] = childrenOf(root)
    .map((node) => ({ node, parent: root }))
    .reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const name = nameOf(next.node);
    if (!isElement(name)) continue;
    if (name === CREDENTIAL_ELEMENT) found.push(next);
    const parent = next.node;
    stack.push(
      ...childrenOf(parent)
        .map((node) => ({ node, parent }))
        .reverse(),
    );
  }
  return found;
}

/**
 * Bakes a VC-JWT into SVG badge artwork (OB 3.0 §5.3.2.1): declares `xmlns:openbadges` on the root `<svg>`
 * and puts `<openbadges:credential verify="<compact JWS>"></openbadges:credential>` as its first child,
 * replacing a credential baked before. For a VC-JWT the spec puts the compact JWS in the `verify`
 * attribute and leaves the element empty; a CDATA body is only for credentials with an embedded proof.
 */
export function bakeSvg(svg: string, vcJwt: string): string {
  if (!COMPACT_JWS.test(vcJwt)) throw new Error('the credential to bake is not a compact JWS');
  const parsed = parseSvg(svg);
  if (parsed.kind === 'refused') throw new Error(`the badge image cannot be baked: ${parsed.reason}`);
  if (parsed.kind !== 'svg')
    throw new Error('the badge image is not an SVG document (its root element is not <svg>)');
  const { tree, root } = parsed;
  // "There MUST be only one <openbadges:credential> tag in an SVG": take out any earlier bake first.
  for (const { node, parent } of credentialElements(root)) {
    const siblings = childrenOf(parent);
    siblings.splice(siblings.indexOf(node), 1);
  }
  root[ATTRIBUTES] = { ...attributesOf(root), [`${ATTRIBUTE_PREFIX}xmlns:openbadges`]: OB3_NAMESPACE };
  const rootName = nameOf(root);
  root[rootName] = [
    { [CREDENTIAL_ELEMENT]: [], [ATTRIBUTES]: { [`${ATTRIBUTE_PREFIX}verify`]: vcJwt } },
    ...childrenOf(root),
  ];
  const built = new XMLBuilder({ ...XML_OPTIONS, suppressEmptyNode: true }).build(tree) as string;
  // The builder closes empty elements as `<x/>`; the spec's example writes the credential as a start and
  // an end tag, and readers that match on that form exist. The JWS is base64url, so this text is exact.
  const selfClosed = `<${CREDENTIAL_ELEMENT} verify="${vcJwt}"/>`;
  return built.replace(selfClosed, `<${CREDENTIAL_ELEMENT} verify="${vcJwt}"></${CREDENTIAL_ELEMENT}>`);
}

/**
 * Reads the credential baked into an SVG badge: the `verify` attribute of the first
 * `<openbadges:credential>` (a VC-JWT), else its text content with or without CDATA (OB 3.0 §5.3.2.1).
 * Says `not_svg` when the root element is not `<svg>`, `absent` for an unbaked badge, and `refused` with
 * a reason for a file too large, too deep, malformed or declaring entities.
 */
export function readSvgCredential(svg: string): SvgCredential {
  const parsed = parseSvg(svg);
  if (parsed.kind !== 'svg') return parsed;
  const first = credentialElements(parsed.root)[0]?.node;
  if (!first) return { kind: 'absent' };
  const verify = attributesOf(first)[`${ATTRIBUTE_PREFIX}verify`];
  if (typeof verify === 'string' && verify.trim() !== '')
    return { kind: 'found', credential: decodePredefined(verify).trim() };
  let text = '';
  for (const child of childrenOf(first)) {
    if (typeof child[TEXT] === 'string') text += decodePredefined(child[TEXT]);
    for (const piece of Array.isArray(child[CDATA]) ? (child[CDATA] as XmlNode[]) : [])
      if (typeof piece[TEXT] === 'string') text += piece[TEXT];
  }
  text = text.trim();
  return text === '' ? { kind: 'absent' } : { kind: 'found', credential: text };
}

/** The credential baked into an SVG badge, or null when there is none or the file cannot be read. */
export function extractFromSvg(svg: string): string | null {
  const read = readSvgCredential(svg);
  return read.kind === 'found' ? read.credential : null;
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
