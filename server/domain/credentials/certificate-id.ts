/**
 * Public certificate IDs: a tenant prefix and 13 random Crockford base32 characters (65 bits) followed by
 * one check character, grouped for reading aloud: `ACME-7K3F-9Q2M-X4TB-QZ`.
 *
 * The check character is Luhn mod N over the base32 alphabet (N = 32): it catches every single mistyped
 * character and most swaps of two neighbours, so a typo is reported without a database lookup.
 */

/** Crockford's base32 alphabet: no I, L, O or U, so nothing reads as 1, 0 or a rude word. */
export const ID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random characters in an ID; 13 × 5 = 65 bits, above the 60 the security rules ask for. */
export const ID_RANDOM_CHARS = 13;

/** How many random bytes `certificateIdFromBytes` needs (one byte per character, 5 bits used). */
export const ID_RANDOM_BYTES = ID_RANDOM_CHARS;

const BODY_CHARS = ID_RANDOM_CHARS + 1;
const PREFIX = /^[A-Z0-9]{2,6}$/;

/** The ID prefix for a tenant: the letters and digits of its slug, upper-cased, at most 6 (`acme` → `ACME`). */
export function certificatePrefix(slug: string): string {
  const letters = slug.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return letters.length >= 2 ? letters.slice(0, 6) : `${letters}CX`.slice(0, 2);
}

/** Luhn mod 32 check character over base32 characters (Luhn's algorithm generalised to any even base). */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  const n = ID_ALPHABET.length;
  for (let i = body.length - 1; i >= 0; i--) {
    const code = ID_ALPHABET.indexOf(body[i] as string);
    if (code < 0) throw new RangeError(`"${body[i]}" is not a base32 character`);
    const addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / n) + (addend % n);
  }
  return ID_ALPHABET[(n - (sum % n)) % n] as string;
}

/** Formats prefix and body (random characters + check) in groups of four. */
function group(prefix: string, body: string): string {
  return [prefix, ...(body.match(/.{1,4}/g) ?? [])].join('-');
}

/** A new certificate ID from random bytes (the caller supplies them, so this stays pure and testable). */
export function certificateIdFromBytes(prefix: string, bytes: Uint8Array): string {
  if (!PREFIX.test(prefix))
    throw new RangeError(`certificate prefix "${prefix}" must be 2–6 letters or digits`);
  if (bytes.length < ID_RANDOM_BYTES) throw new RangeError(`need ${ID_RANDOM_BYTES} random bytes`);
  let random = '';
  for (let i = 0; i < ID_RANDOM_CHARS; i++) random += ID_ALPHABET[(bytes[i] as number) & 31];
  return group(prefix, random + checkCharacter(random));
}

/** What reading a typed ID gives: the canonical ID, a wrong check character, or not an ID of this shape. */
export type ParsedCertificateId =
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'bad_check' }
  | { readonly kind: 'other'; readonly key: string };

/**
 * Reads what someone typed: case, spaces and dashes do not matter, and the characters Crockford base32
 * leaves out are read as the ones they look like (I and L as 1, O as 0). Input that does not have the
 * shape of a certificate ID comes back as `other` with a lookup key (letters and digits, upper-cased),
 * which is how legacy IDs imported from another system are found.
 */
export function parseCertificateId(input: string): ParsedCertificateId {
  const key = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const prefix = key.slice(0, key.length - BODY_CHARS);
  const body = key.slice(-BODY_CHARS).replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!PREFIX.test(prefix) || body.length !== BODY_CHARS || /[^0-9A-HJKMNP-TV-Z]/.test(body)) {
    return { kind: 'other', key };
  }
  const random = body.slice(0, ID_RANDOM_CHARS);
  if (checkCharacter(random) !== body.slice(ID_RANDOM_CHARS)) return { kind: 'bad_check' };
  return { kind: 'id', id: group(prefix, body) };
}

/** The lookup key of a legacy ID (letters and digits, upper-cased), or null when it reads as one of ours. */
export function legacyIdKey(legacyId: string): string | null {
  const parsed = parseCertificateId(legacyId);
  return parsed.kind === 'other' && parsed.key.length > 0 ? parsed.key : null;
}
