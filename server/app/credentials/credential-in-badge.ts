import { extractFromPng, readSvgCredential } from '../../adapters/badge-baking.js';
import { DomainError } from '../../domain/errors.js';

/** The largest credential text read out of a badge (a VC-JWT is a few KB). */
export const MAX_BAKED_CREDENTIAL_BYTES = 64 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const NO_CREDENTIAL =
  'No signed credential is baked into this badge image. Ask the holder for the badge file they downloaded, or for the signed credential itself.';

const invalid = (message: string) => new DomainError('validation_failed', message);

/**
 * The VC-JWT baked into an uploaded SVG or PNG badge (Open Badges 3.0 §5.3), told apart by the PNG
 * signature. A file that is neither, a damaged or hostile file, or a badge without a credential is a
 * `validation_failed` error whose message says which.
 */
export function credentialInBadge(file: Buffer): string {
  if (file.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    let token: string | null;
    try {
      token = extractFromPng(file, MAX_BAKED_CREDENTIAL_BYTES);
    } catch {
      throw invalid('The PNG image is damaged, or its baked credential is too large to read.');
    }
    if (!token) throw invalid(NO_CREDENTIAL);
    return token;
  }
  const svg = file.toString('utf8');
  const extracted = readSvgCredential(svg);
  if (extracted.kind === 'found') return extracted.credential;
  if (extracted.kind === 'refused') throw invalid(extracted.reason);
  throw invalid(
    extracted.kind === 'not_svg' ? 'The file is neither an SVG nor a PNG badge image.' : NO_CREDENTIAL,
  );
}
