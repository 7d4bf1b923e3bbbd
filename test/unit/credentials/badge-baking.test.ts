import fs from 'node:fs';
import zlib from 'node:zlib';
import { expect } from 'chai';
import {
  bakePng,
  bakeSvg,
  extractFromPng,
  extractFromSvg,
  loadBadgeArtwork,
  MAX_SVG_CHARS,
  OB3_NAMESPACE,
  readSvgCredential,
  renderBadgeSvg,
} from '../../../server/adapters/badge-baking.js';
import { renderBadgePng } from '../../../server/adapters/badge-png.js';
import { crc32, readPngChunks } from '../../../server/adapters/png.js';

// Shaped like a VC-JWT (header.payload.signature, base64url); baking does not verify signatures.
const JWS =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjbWUuZXhhbXBsZSJ9.c2lnbmF0dXJlLWJ5dGVz';
const OTHER_JWS = 'eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJ1cm46dXVpZDoxIn0.YW5vdGhlci1zaWduYXR1cmU';
const badge = {
  brandColor: '#1D4ED8',
  certificationCode: 'ACME-CCP-101',
  certificationTitle: 'Certified Cloud Practitioner',
  issuerName: 'Acme & Sons',
};
const logoPng = () => fs.readFileSync('credential-templates/default/logo.png');

/** Chunks of a PNG with the CRC as stored, parsed independently of the code under test. */
function rawChunks(png: Buffer): { type: string; data: Buffer; storedCrc: number }[] {
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({
      type: png.toString('latin1', at + 4, at + 8),
      data: png.subarray(at + 8, at + 8 + length),
      storedCrc: png.readUInt32BE(at + 8 + length),
    });
    at += 12 + length;
  }
  return chunks;
}

describe('badge artwork (SVG)', () => {
  it('fills the placeholders of the default artwork', () => {
    const svg = renderBadgeSvg(loadBadgeArtwork('default'), badge);
    expect(svg).to.not.match(/\{\{/);
    expect(svg).to.include('stop-color="#1d4ed8"');
    expect(svg).to.include('>ACME-CCP-101</text>');
    expect(svg).to.include('Acme &#38; Sons');
  });

  it('escapes markup in values, so a <script> title is text and not an element', () => {
    const svg = renderBadgeSvg(loadBadgeArtwork('default'), {
      ...badge,
      certificationTitle: '<script>alert("x")</script>',
    });
    expect(svg).to.not.include('<script');
    expect(svg).to.include('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
  });

  it('drops control characters that XML does not allow', () => {
    const svg = renderBadgeSvg('<svg>{{issuerName}}</svg>', { ...badge, issuerName: 'Acme\u0000\u001b Ltd' });
    expect(svg).to.equal('<svg>Acme Ltd</svg>');
  });

  it('refuses an unknown placeholder and a brand colour that is not #rrggbb', () => {
    expect(() => renderBadgeSvg('<svg>{{nickname}}</svg>', badge)).to.throw(/\{\{nickname\}\}/);
    expect(() => renderBadgeSvg('<svg/>', { ...badge, brandColor: 'red" onload="x' })).to.throw(/#rrggbb/);
  });
});

describe('SVG baking (Open Badges 3.0 §5.3.2)', () => {
  const svg = renderBadgeSvg(loadBadgeArtwork('default'), badge);

  it('round-trips a VC-JWT', () => {
    expect(extractFromSvg(bakeSvg(svg, JWS))).to.equal(JWS);
  });

  it('declares the namespace on <svg> and puts the credential in `verify` as its first child', () => {
    const baked = bakeSvg(svg, JWS);
    const root = /<svg\b[^>]*>/.exec(baked)![0];
    expect(root).to.include(`xmlns:openbadges="${OB3_NAMESPACE}"`);
    const afterRoot = baked.slice(baked.indexOf(root) + root.length);
    expect(afterRoot.startsWith(`<openbadges:credential verify="${JWS}"></openbadges:credential>`)).to.equal(
      true,
    );
  });

  it('replaces an earlier bake instead of adding a second credential', () => {
    const twice = bakeSvg(bakeSvg(svg, JWS), OTHER_JWS);
    expect(extractFromSvg(twice)).to.equal(OTHER_JWS);
    expect(twice.match(/<openbadges:credential/g)).to.have.length(1);
    expect(twice.match(/xmlns:openbadges=/g)).to.have.length(1);
  });

  it('bakes a self-closing <svg/>', () => {
    const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', JWS);
    expect(baked).to.match(
      /^<svg [^>]*><openbadges:credential verify="[^"]+"><\/openbadges:credential><\/svg>$/,
    );
    expect(extractFromSvg(baked)).to.equal(JWS);
  });

  it('refuses to bake something that is not a compact JWS, or into something that is not an SVG', () => {
    expect(() => bakeSvg(svg, '{"type":"VerifiableCredential"}')).to.throw(/compact JWS/);
    expect(() => bakeSvg(svg, `${JWS}"><script>`)).to.throw(/compact JWS/);
    expect(() => bakeSvg('<html><svg></svg></html>', JWS)).to.throw(/not an SVG/);
  });

  it('finds nothing in an unbaked SVG', () => {
    expect(extractFromSvg(svg)).to.equal(null);
  });

  it('is not fooled by a credential inside a comment or a CDATA section', () => {
    const commented = svg.replace('<title', `<!-- <openbadges:credential verify="${JWS}"/> --><title`);
    expect(extractFromSvg(commented)).to.equal(null);
    const inStyle = svg.replace(
      '<title',
      `<style><![CDATA[ <openbadges:credential verify="${JWS}"></openbadges:credential> ]]></style><title`,
    );
    expect(extractFromSvg(inStyle)).to.equal(null);
  });

  it('reads a credential given as element text, with or without CDATA', () => {
    const root =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">';
    const cdata = `${root}<openbadges:credential><![CDATA[ ${JWS} ]]></openbadges:credential></svg>`;
    const plain = `${root}<openbadges:credential>\n  ${JWS}\n</openbadges:credential></svg>`;
    expect(extractFromSvg(cdata)).to.equal(JWS);
    expect(extractFromSvg(plain)).to.equal(JWS);
  });

  it('decodes the predefined entities and character references in `verify`, and nothing else', () => {
    const root = `<svg xmlns:openbadges="${OB3_NAMESPACE}">`;
    const [head, rest] = [JWS.slice(0, 5), JWS.slice(5)];
    expect(extractFromSvg(`${root}<openbadges:credential verify="${head}&#46;${rest}"/></svg>`)).to.equal(
      `${head}.${rest}`,
    );
  });

  describe('hostile SVG files are refused, not expanded or walked', () => {
    const baked = () => bakeSvg(svg, JWS);

    it('refuses a billion-laughs document type without expanding it', () => {
      const laughs = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE svg [',
        '  <!ENTITY lol "lol">',
        ...Array.from(
          { length: 9 },
          (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
        ),
        ']>',
        `<svg xmlns:openbadges="${OB3_NAMESPACE}"><openbadges:credential>&lol9;</openbadges:credential></svg>`,
      ].join('\n');
      const started = Date.now();
      const read = readSvgCredential(laughs);
      expect(Date.now() - started).to.be.below(500);
      expect(read.kind).to.equal('refused');
      expect(read.kind === 'refused' && read.reason).to.match(/declares XML entities/);
    });

    it('refuses external entities (no file or URL is ever read)', () => {
      const external = [
        '<!DOCTYPE svg [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>',
        `<svg xmlns:openbadges="${OB3_NAMESPACE}"><openbadges:credential>&secret;</openbadges:credential></svg>`,
      ].join('');
      expect(readSvgCredential(external).kind).to.equal('refused');
      expect(extractFromSvg(external)).to.equal(null);
    });

    it('refuses a deeply nested document and a huge one', () => {
      const deep = `<svg>${'<g>'.repeat(10_000)}${'</g>'.repeat(10_000)}</svg>`;
      expect(readSvgCredential(deep)).to.deep.include({ kind: 'refused' });
      const huge = baked().replace('</svg>', `<desc>${'x'.repeat(MAX_SVG_CHARS)}</desc></svg>`);
      expect(readSvgCredential(huge)).to.deep.equal({
        kind: 'refused',
        reason: 'The SVG image is too large to read.',
      });
    });

    it('refuses malformed XML that claims to be SVG, and says what is not SVG at all', () => {
      expect(readSvgCredential('<svg><g></svg>').kind).to.equal('refused');
      expect(readSvgCredential('just text').kind).to.equal('not_svg');
      expect(readSvgCredential(baked())).to.deep.equal({ kind: 'found', credential: JWS });
      expect(readSvgCredential(svg)).to.deep.equal({ kind: 'absent' });
    });
  });

  it('returns null for input that is not SVG', () => {
    expect(extractFromSvg('')).to.equal(null);
    expect(extractFromSvg('just text')).to.equal(null);
    expect(extractFromSvg(`<html><openbadges:credential verify="${JWS}"/></html>`)).to.equal(null);
    expect(extractFromSvg(JSON.stringify({ verify: JWS }))).to.equal(null);
  });
});

describe('PNG baking (Open Badges 3.0 §5.3.1)', () => {
  it('computes the standard CRC-32 check values', () => {
    expect(crc32(Buffer.from('123456789'))).to.equal(0xcbf43926);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).to.equal(0x414fa339);
    expect(crc32(Buffer.alloc(0))).to.equal(0);
  });

  it('round-trips a VC-JWT and leaves the image data alone', () => {
    const original = logoPng();
    const baked = bakePng(original, JWS);
    expect(extractFromPng(baked)).to.equal(JWS);
    const idat = (png: Buffer) => rawChunks(png).filter((chunk) => chunk.type === 'IDAT');
    expect(idat(baked)).to.deep.equal(idat(original));
  });

  it('writes one uncompressed iTXt chunk just before IEND, with a correct CRC on every chunk', () => {
    const chunks = rawChunks(bakePng(logoPng(), JWS));
    expect(chunks.map((chunk) => chunk.type).slice(-2)).to.deep.equal(['iTXt', 'IEND']);
    expect(chunks[0]!.type).to.equal('IHDR');
    const itxt = chunks.at(-2)!.data;
    // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text.
    expect(
      itxt.equals(Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from(JWS)])),
    ).to.equal(true);
    for (const chunk of chunks) {
      const expected = crc32(Buffer.concat([Buffer.from(chunk.type, 'latin1'), chunk.data]));
      expect(chunk.storedCrc, chunk.type).to.equal(expected);
    }
  });

  it('replaces the credential when baked again', () => {
    const twice = bakePng(bakePng(logoPng(), JWS), OTHER_JWS);
    expect(extractFromPng(twice)).to.equal(OTHER_JWS);
    const credentials = rawChunks(twice).filter((chunk) => chunk.type === 'iTXt');
    expect(credentials).to.have.length(1);
  });

  it('finds nothing in an unbaked PNG and refuses what is not a PNG', () => {
    expect(extractFromPng(logoPng())).to.equal(null);
    expect(() => extractFromPng(Buffer.from('GIF89a not a png'))).to.throw(/not a PNG/);
    expect(() => bakePng(Buffer.from('<svg/>'), JWS)).to.throw(/not a PNG/);
    expect(() => bakePng(logoPng().subarray(0, 100), JWS)).to.throw(/truncated/);
  });
});

describe('badge PNG rendering', () => {
  it('draws a square RGBA medal that parses back, transparent in the corners and brand-coloured inside', () => {
    const png = renderBadgePng({ brandColor: '#1d4ed8' }, 128);
    const chunks = readPngChunks(png);
    expect(chunks.map((chunk) => chunk.type)).to.deep.equal(['IHDR', 'IDAT', 'IEND']);
    const header = chunks[0]!.data;
    expect([header.readUInt32BE(0), header.readUInt32BE(4), header[8], header[9]]).to.deep.equal([
      128, 128, 8, 6,
    ]);
    // Every scanline uses filter 1 (Sub): undo it to read pixels back.
    const raw = zlib.inflateSync(chunks[1]!.data);
    const stride = 128 * 4;
    expect(raw.length).to.equal((stride + 1) * 128);
    const pixel = (x: number, y: number) => {
      const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
      expect(raw[y * (stride + 1)]).to.equal(1);
      const out = Buffer.alloc(stride);
      for (let i = 0; i < stride; i++) out[i] = (row[i]! + (i >= 4 ? out[i - 4]! : 0)) & 0xff;
      return [...out.subarray(x * 4, x * 4 + 4)];
    };
    expect(pixel(0, 0)[3]).to.equal(0);
    expect(pixel(64, 64)).to.deep.equal([255, 255, 255, 255]); // the star's centre
    expect(pixel(64, 100)).to.deep.equal([0x1d, 0x4e, 0xd8, 255]); // the face, below the star
    expect(extractFromPng(bakePng(png, JWS))).to.equal(JWS);
  });

  it('is deterministic', () => {
    expect(
      renderBadgePng({ brandColor: '#0f766e' }).equals(renderBadgePng({ brandColor: '#0f766e' })),
    ).to.equal(true);
  });
});
