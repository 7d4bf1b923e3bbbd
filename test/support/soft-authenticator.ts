import { createHash, generateKeyPairSync, type KeyObject, randomBytes, randomInt, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/** COSE algorithm identifier for ES256 (ECDSA P-256 with SHA-256). */
const COSE_ALG_ES256 = -7;

/** Authenticator data flag bits (WebAuthn §6.1). */
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

/** Values the minimal CBOR encoder below can serialise. */
type CborValue = number | string | Uint8Array | CborMap;
type CborMap = Map<number | string, CborValue>;

/** Encodes a CBOR head (major type + argument) for arguments up to 2^32 - 1. */
function cborHead(major: number, arg: number): Buffer {
  const mt = major << 5;
  if (arg < 24) return Buffer.from([mt | arg]);
  if (arg < 0x100) return Buffer.from([mt | 24, arg]);
  if (arg < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = mt | 25;
    b.writeUInt16BE(arg, 1);
    return b;
  }
  if (arg <= 0xffffffff) {
    const b = Buffer.alloc(5);
    b[0] = mt | 26;
    b.writeUInt32BE(arg, 1);
    return b;
  }
  throw new RangeError(`CBOR argument too large: ${arg}`);
}

/** Minimal CBOR encoder: integers, byte strings, text strings and maps (insertion order kept). */
function cborEncode(value: CborValue): Buffer {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`CBOR: only integers supported, got ${value}`);
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) {
    return Buffer.concat([cborHead(2, value.length), value]);
  }
  const parts: Buffer[] = [cborHead(5, value.size)];
  for (const [k, v] of value) parts.push(cborEncode(k), cborEncode(v));
  return Buffer.concat(parts);
}

/** SHA-256 digest helper. */
function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Resolves the RP ID: the explicit one, else the origin's hostname (browser default). */
function resolveRpId(rpId: string | undefined, origin: string): string {
  return rpId ?? new URL(origin).hostname;
}

/** Internal record of one credential held by the authenticator. */
interface StoredCredential {
  id: string;
  rpId: string;
  userHandle: string;
  signCount: number;
  privateKey: KeyObject;
}

/** Public view of a credential held by a {@link SoftAuthenticator}. */
export interface SoftCredentialInfo {
  id: string;
  rpId: string;
  userHandle: string;
  signCount: number;
}

/** Software WebAuthn authenticator (ES256, "none" attestation) for driving passkey flows in tests. */
export class SoftAuthenticator {
  readonly #aaguid: Buffer;
  readonly #credentials: StoredCredential[] = [];

  /** Creates an empty authenticator; `aaguid` defaults to 16 zero bytes. */
  constructor(opts?: { aaguid?: Uint8Array }) {
    const aaguid = opts?.aaguid ?? new Uint8Array(16);
    if (aaguid.length !== 16) throw new RangeError('aaguid must be 16 bytes');
    this.#aaguid = Buffer.from(aaguid);
  }

  /** Snapshot of the held credentials (id, rpId, userHandle, current signCount). */
  get credentials(): SoftCredentialInfo[] {
    return this.#credentials.map(({ id, rpId, userHandle, signCount }) => ({
      id,
      rpId,
      userHandle,
      signCount,
    }));
  }

  /** Emulates navigator.credentials.create(): makes a P-256 credential and returns its registration JSON. */
  createCredential(
    optionsJSON: PublicKeyCredentialCreationOptionsJSON,
    origin: string,
    opts?: { userVerified?: boolean },
  ): RegistrationResponseJSON {
    const rpId = resolveRpId(optionsJSON.rp.id, origin);
    const params = optionsJSON.pubKeyCredParams;
    if (params.length > 0 && !params.some((p) => p.alg === COSE_ALG_ES256)) {
      throw new Error('SoftAuthenticator: options do not allow ES256 (-7)');
    }
    const excluded = new Set((optionsJSON.excludeCredentials ?? []).map((c) => c.id));
    if (this.#credentials.some((c) => c.rpId === rpId && excluded.has(c.id))) {
      throw new Error('SoftAuthenticator: InvalidStateError (authenticator holds an excluded credential)');
    }

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    if (!jwk.x || !jwk.y) throw new Error('SoftAuthenticator: public key JWK lacks x/y');
    const cosePublicKey = cborEncode(
      new Map<number, CborValue>([
        [1, 2], // kty: EC2
        [3, COSE_ALG_ES256], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );

    const rawId = randomBytes(randomInt(16, 33));
    const id = rawId.toString('base64url');
    const userVerified = opts?.userVerified ?? true;
    const credIdLen = Buffer.alloc(2);
    credIdLen.writeUInt16BE(rawId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | (userVerified ? FLAG_UV : 0) | FLAG_AT]),
      Buffer.alloc(4), // signCount 0
      this.#aaguid,
      credIdLen,
      rawId,
      cosePublicKey,
    ]);
    const attestationObject = cborEncode(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: 'webauthn.create',
        challenge: optionsJSON.challenge,
        origin,
        crossOrigin: false,
      }),
      'utf8',
    );

    this.#credentials.push({
      id,
      rpId,
      userHandle: optionsJSON.user.id,
      signCount: 0,
      privateKey,
    });

    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        transports: ['internal'],
        publicKeyAlgorithm: COSE_ALG_ES256,
        publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /**
   * Emulates navigator.credentials.get(): signs an assertion with the chosen credential.
   * Credential choice: `opts.credentialId`, else the first held entry of allowCredentials, else (empty
   * allowCredentials) the first credential for the RP ID. The stored counter is incremented; a
   * `signCount` override is used verbatim (replay/rollback tests) and only raises the stored counter.
   */
  getAssertion(
    optionsJSON: PublicKeyCredentialRequestOptionsJSON,
    origin: string,
    opts?: { credentialId?: string; userVerified?: boolean; signCount?: number },
  ): AuthenticationResponseJSON {
    const rpId = resolveRpId(optionsJSON.rpId, origin);
    const forRp = this.#credentials.filter((c) => c.rpId === rpId);
    const allow = optionsJSON.allowCredentials ?? [];
    let cred: StoredCredential | undefined;
    if (opts?.credentialId !== undefined) {
      cred = forRp.find((c) => c.id === opts.credentialId);
      if (!cred) throw new Error(`SoftAuthenticator: no credential ${opts.credentialId} for RP ID ${rpId}`);
    } else if (allow.length > 0) {
      for (const a of allow) {
        cred = forRp.find((c) => c.id === a.id);
        if (cred) break;
      }
      if (!cred) throw new Error(`SoftAuthenticator: none of allowCredentials is held for RP ID ${rpId}`);
    } else {
      cred = forRp[0];
      if (!cred) throw new Error(`SoftAuthenticator: no discoverable credential for RP ID ${rpId}`);
    }

    let signCount: number;
    if (opts?.signCount !== undefined) {
      signCount = opts.signCount;
      cred.signCount = Math.max(cred.signCount, signCount);
    } else {
      cred.signCount += 1;
      signCount = cred.signCount;
    }

    const userVerified = opts?.userVerified ?? true;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | (userVerified ? FLAG_UV : 0)]),
      counter,
    ]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge: optionsJSON.challenge, origin, crossOrigin: false }),
      'utf8',
    );
    // ECDSA signatures from node:crypto are DER-encoded by default, as WebAuthn expects.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), cred.privateKey);

    return {
      id: cred.id,
      rawId: cred.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: cred.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
