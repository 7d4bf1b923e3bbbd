import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type JsonWebKey,
  type KeyObject,
  createPrivateKey,
  randomBytes,
} from 'node:crypto';
import jwt from 'jsonwebtoken';

/** The only algorithm credentials are signed with: RS256, which OB 3.0 requires every verifier to support. */
export const CREDENTIAL_ALGORITHM = 'RS256';

/** A new signing key: its public half as a JWK and its private half sealed with the key-encryption key. */
export interface SigningKeyMaterial {
  readonly kid: string;
  readonly alg: typeof CREDENTIAL_ALGORITHM;
  readonly publicJwk: JsonWebKey;
  readonly privateKeySealed: string;
}

/** A stored key the signer can use. */
export interface StoredSigningKey {
  readonly kid: string;
  readonly privateKeySealed: string;
}

/** The signing port: local keys sealed in the database now, a KMS later (STYLE.md "Signing behind a port"). */
export interface CredentialSigner {
  generateKey(): SigningKeyMaterial;
  /** A compact JWS over the payload with `alg: RS256`, `typ: JWT` and the key's `kid` in the header. */
  sign(key: StoredSigningKey, payload: Record<string, unknown>): string;
  /** True when this signer can use the stored key (its key-encryption key opens the sealed private half). */
  canSign(key: StoredSigningKey): boolean;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key: a stable, collision-free `kid`. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

const SEAL_VERSION = 'v1';

/** AES-256-GCM under the key-encryption key: `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function seal(kek: Buffer, plaintext: Buffer, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [SEAL_VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Opens what `seal` sealed; throws when the key-encryption key or the associated data differ. */
export function unseal(kek: Buffer, sealed: string, associatedData: string): Buffer {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== SEAL_VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('sealed key has an unknown format');
  }
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}

/**
 * The AES-256 key that seals signing keys, derived from the configured key-encryption key with HKDF-SHA256
 * (RFC 5869), so the configured secret may be any length ≥ 32 bytes and serves this purpose only.
 */
export function credentialSealingKey(keyEncryptionKey: Buffer): Buffer {
  if (keyEncryptionKey.length < 32) throw new Error('the key-encryption key must be at least 32 bytes');
  return Buffer.from(
    hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), 'certamen credential signing keys', 32),
  );
}

/**
 * Signs with RSA keys generated here and stored sealed (AES-256-GCM, the `kid` bound as associated data so
 * a sealed key cannot be swapped onto another key's row). Unsealed keys are cached by `kid`.
 */
export function localCredentialSigner(keyEncryptionKey: Buffer): CredentialSigner {
  const kek = credentialSealingKey(keyEncryptionKey);
  const unsealed = new Map<string, KeyObject>();
  const open = (key: StoredSigningKey): KeyObject => {
    let privateKey = unsealed.get(key.kid);
    if (!privateKey) {
      const der = unseal(kek, key.privateKeySealed, key.kid);
      privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      unsealed.set(key.kid, privateKey);
    }
    return privateKey;
  };
  return {
    canSign(key) {
      try {
        open(key);
        return true;
      } catch {
        return false;
      }
    },
    generateKey() {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = publicKey.export({ format: 'jwk' });
      const kid = jwkThumbprint(jwk);
      const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
      return {
        kid,
        alg: CREDENTIAL_ALGORITHM,
        publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: CREDENTIAL_ALGORITHM, use: 'sig' },
        privateKeySealed: seal(kek, pkcs8, kid),
      };
    },
    sign(key, payload) {
      return jwt.sign(payload, open(key), {
        algorithm: CREDENTIAL_ALGORITHM,
        keyid: key.kid,
        header: { alg: CREDENTIAL_ALGORITHM, typ: 'JWT', kid: key.kid },
        noTimestamp: true,
      });
    },
  };
}

const publicKeys = new Map<string, KeyObject>();

/** A public key object for a JWK, cached by `kid`. */
export function publicKeyFromJwk(kid: string, jwk: JsonWebKey): KeyObject {
  let key = publicKeys.get(kid);
  if (!key) {
    key = createPublicKey({ key: jwk, format: 'jwk' });
    publicKeys.set(kid, key);
  }
  return key;
}

/** What checking a VC-JWT's signature gives: the payload, or why it was refused. */
export type SignatureCheck =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** The protected header of a compact JWS, or null when it is not one. */
export function jwsHeader(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0]) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    return header && typeof header === 'object' && !Array.isArray(header) ? header : null;
  } catch {
    return null;
  }
}

/**
 * Checks the signature with RS256 only (so `alg: none` and HS256-with-the-public-key are refused by name),
 * without judging dates: expiry is a status the verifier reports, not a broken signature.
 */
export function checkSignature(token: string, publicKey: KeyObject): SignatureCheck {
  const header = jwsHeader(token);
  if (!header) return { ok: false, reason: 'not a compact JWS' };
  if (header.alg !== CREDENTIAL_ALGORITHM) {
    return { ok: false, reason: `algorithm ${String(header.alg)} is not accepted; credentials use RS256` };
  }
  try {
    const payload = jwt.verify(token, publicKey, {
      algorithms: [CREDENTIAL_ALGORITHM],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
    if (typeof payload === 'string') return { ok: false, reason: 'the payload is not a JSON object' };
    return { ok: true, payload: payload as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'the signature does not match the issuer key' };
  }
}
