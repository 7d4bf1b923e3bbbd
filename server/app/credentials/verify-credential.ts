import { checkSignature, jwsHeader, publicKeyFromJwk } from '../../adapters/credential-signer.js';
import { parseCertificateId } from '../../domain/credentials/certificate-id.js';
import {
  type CredentialStatus,
  credentialStatusAt,
  isValidStatus,
} from '../../domain/credentials/credential-status.js';
import { holderNameForVerifier } from '../../domain/credentials/holder-name.js';
import { claimsMismatch } from '../../domain/credentials/open-badge.js';
import type { Executor } from '../../persistence/database.js';
import {
  findByAliasKey,
  findByCertificateId,
  findByCertificateIds,
  findCredential,
  findForVerification,
  type VerificationRecord,
} from '../../persistence/repositories/credentials.js';
import { findSigningKeyByKid } from '../../persistence/repositories/signing-keys.js';
import { findTenantById } from '../../persistence/repositories/tenants.js';
import type { AppDeps } from '../deps.js';
import { credentialUrls } from './credential-urls.js';

type VerifyDeps = Pick<AppDeps, 'db' | 'clock' | 'publicUrl'>;

/** What a verifier may see of a credential: the holder's name only as the tenant's privacy setting allows. */
export interface PublicCredential {
  readonly certificateId: string;
  readonly status: CredentialStatus;
  readonly valid: boolean;
  readonly holderName: string | null;
  readonly certification: { readonly code: string; readonly title: string };
  readonly issuer: {
    readonly id: string;
    readonly name: string;
    readonly logoUrl: string | null;
    readonly primaryColor: string;
  };
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly suspendedAt: string | null;
  readonly revokedAt: string | null;
  /** The public reason category; the admin's note stays private. */
  readonly revocationReason: string | null;
  readonly verificationUrl: string;
  readonly signedCredentialUrl: string;
  /** Set when the ID typed was a legacy ID imported from another system. */
  readonly legacyId: string | null;
}

/** The answer to "is this certificate ID valid?". */
export type IdVerification =
  | { readonly outcome: 'check_failed'; readonly message: string }
  | { readonly outcome: 'not_found'; readonly message: string }
  | { readonly outcome: 'found'; readonly credential: PublicCredential };

/** The message a mistyped ID gets; no database lookup is made for it. */
export const CHECK_FAILED_MESSAGE = 'Check the ID: a character is wrong.';
const NOT_FOUND_MESSAGE = 'No credential has this ID.';

/** Presents a stored credential to a verifier at `now`. */
export function publicCredential(
  record: VerificationRecord,
  deps: Pick<AppDeps, 'clock' | 'publicUrl'>,
  legacyId: string | null = null,
): PublicCredential {
  const { credential: c, certification, tenant } = record;
  const status = credentialStatusAt(c, deps.clock.now());
  const urls = credentialUrls(deps.publicUrl);
  return {
    certificateId: c.certificateId,
    status,
    valid: isValidStatus(status),
    holderName: holderNameForVerifier(c.holderName, tenant.settings.verificationPrivacy),
    certification: { code: certification.code, title: certification.title },
    issuer: {
      id: urls.issuerId(tenant.slug),
      name: tenant.name,
      logoUrl: tenant.branding.logoUrl,
      primaryColor: tenant.branding.primaryColor,
    },
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    suspendedAt: c.suspendedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revokedAt ? c.revocationReason : null,
    verificationUrl: urls.verification(c.certificateId),
    signedCredentialUrl: urls.signedCredential(c.certificateId),
    legacyId,
  };
}

async function lookUp(
  ex: Executor,
  typed: string,
): Promise<{ record?: VerificationRecord; legacyId: string | null } | null> {
  const parsed = parseCertificateId(typed);
  if (parsed.kind === 'bad_check') return null;
  if (parsed.kind === 'id') return { record: await findForVerification(ex, parsed.id), legacyId: null };
  if (parsed.key.length === 0) return { legacyId: null };
  const record = await findByAliasKey(ex, parsed.key);
  return { record, legacyId: record ? typed.trim() : null };
}

/**
 * Verifies a typed certificate ID: case, spaces and dashes do not matter; a wrong check character is
 * reported without touching the database; legacy IDs imported from another system are found too.
 */
export async function verifyCertificateId(deps: VerifyDeps, typed: string): Promise<IdVerification> {
  const found = await lookUp(deps.db, typed);
  if (!found) return { outcome: 'check_failed', message: CHECK_FAILED_MESSAGE };
  if (!found.record) return { outcome: 'not_found', message: NOT_FOUND_MESSAGE };
  return { outcome: 'found', credential: publicCredential(found.record, deps, found.legacyId) };
}

/** One entry of a bulk verification, in the order asked. */
export type BulkVerification = IdVerification & { readonly id: string };

/** Verifies up to 100 IDs at once; certificate IDs are looked up in one query. */
export async function verifyCertificateIds(
  deps: VerifyDeps,
  typed: readonly string[],
): Promise<BulkVerification[]> {
  const parsed = typed.map(parseCertificateId);
  const ids = parsed.flatMap((p) => (p.kind === 'id' ? [p.id] : []));
  const byId = new Map(
    (await findByCertificateIds(deps.db, ids)).map((r) => [r.credential.certificateId, r]),
  );
  return Promise.all(
    typed.map(async (id, i): Promise<BulkVerification> => {
      const p = parsed[i];
      if (p?.kind === 'id') {
        const record = byId.get(p.id);
        return record
          ? { id, outcome: 'found', credential: publicCredential(record, deps) }
          : { id, outcome: 'not_found', message: NOT_FOUND_MESSAGE };
      }
      return { id, ...(await verifyCertificateId(deps, id)) };
    }),
  );
}

/** One check of a signed credential: passed, or why not. */
export interface CheckResult {
  readonly ok: boolean;
  readonly message: string;
}

/** The verdict on a signed credential (a VC-JWT): valid only when every check passes. */
export interface SignedCredentialVerification {
  readonly valid: boolean;
  /** The first failed check's message, or null when valid. */
  readonly reason: string | null;
  readonly checks: {
    readonly format: CheckResult;
    readonly issuerKey: CheckResult;
    readonly signature: CheckResult;
    readonly dates: CheckResult | null;
    readonly status: CheckResult | null;
  };
  readonly credential: PublicCredential | null;
}

function verdict(
  checks: SignedCredentialVerification['checks'],
  credential: PublicCredential | null = null,
): SignedCredentialVerification {
  const failed = Object.values(checks).find((c) => c !== null && !c.ok);
  return { valid: !failed, reason: failed?.message ?? null, checks, credential };
}

const pass = (message: string): CheckResult => ({ ok: true, message });
const fail = (message: string): CheckResult => ({ ok: false, message });
const skipped = fail('not checked: an earlier check failed');

/**
 * Verifies a signed credential as a third party would: the key named by `kid` must be published by the
 * issuer named in the credential, the RS256 signature must match, the JWT claims must match the credential,
 * and the dates and the issuer's current status record must allow it.
 */
export async function verifySignedCredential(
  deps: VerifyDeps,
  token: string,
): Promise<SignedCredentialVerification> {
  const compact = token.trim();
  const header = jwsHeader(compact);
  if (!header) {
    return verdict({
      format: fail('This is not a signed credential (a compact JWS).'),
      issuerKey: skipped,
      signature: skipped,
      dates: null,
      status: null,
    });
  }
  const format = pass('A compact JWS.');
  const kid = typeof header.kid === 'string' ? header.kid : null;
  const key = kid ? await findSigningKeyByKid(deps.db, kid) : undefined;
  if (!key) {
    return verdict({
      format,
      issuerKey: fail('The signing key (kid) is not one this service publishes.'),
      signature: skipped,
      dates: null,
      status: null,
    });
  }
  const signed = checkSignature(compact, publicKeyFromJwk(key.kid, key.publicJwk as never));
  if (!signed.ok) {
    return verdict({
      format,
      issuerKey: pass('The key is published.'),
      signature: fail(`Signature check failed: ${signed.reason}.`),
      dates: null,
      status: null,
    });
  }
  const payload = signed.payload;
  const tenant = await findTenantById(deps.db, key.tenantId);
  const issuerId = tenant ? credentialUrls(deps.publicUrl).issuerId(tenant.slug) : null;
  if (!tenant || payload.iss !== issuerId) {
    return verdict({
      format,
      issuerKey: fail('The signing key does not belong to the issuer named in the credential.'),
      signature: pass('The RS256 signature matches the key.'),
      dates: null,
      status: null,
    });
  }
  const mismatch = claimsMismatch(payload);
  const issuerKey = pass(`Signed with a published key of ${tenant.name}.`);
  if (mismatch) {
    return verdict({
      format,
      issuerKey,
      signature: fail(`The JWT claims disagree with the credential: ${mismatch}.`),
      dates: null,
      status: null,
    });
  }
  const signature = pass('The RS256 signature matches, and the JWT claims match the credential.');
  const now = deps.clock.now().getTime() / 1000;
  const nbf = Number(payload.nbf);
  const exp = payload.exp === undefined ? null : Number(payload.exp);
  const dates =
    nbf > now
      ? fail(`Not valid before ${new Date(nbf * 1000).toISOString().slice(0, 10)}.`)
      : exp !== null && exp <= now
        ? fail(`Expired on ${new Date(exp * 1000).toISOString().slice(0, 10)}.`)
        : pass(
            exp === null
              ? 'Valid; no expiry date.'
              : `Valid until ${new Date(exp * 1000).toISOString().slice(0, 10)}.`,
          );
  const id = typeof payload.jti === 'string' ? payload.jti.replace(/^urn:uuid:/, '') : '';
  const record = /^[0-9a-f-]{36}$/.test(id) ? await findCredential(deps.db, tenant.id, id) : undefined;
  if (!record) {
    return verdict({
      format,
      issuerKey,
      signature,
      dates,
      status: fail('The issuer has no record of this credential.'),
    });
  }
  const credential = publicCredential(record, deps);
  const status =
    credential.status === 'revoked'
      ? fail(
          `Revoked on ${credential.revokedAt?.slice(0, 10)} (${credential.revocationReason ?? 'no reason given'}).`,
        )
      : credential.status === 'suspended'
        ? fail('Suspended by the issuer.')
        : credential.status === 'expired'
          ? fail(`Expired on ${credential.expiresAt?.slice(0, 10)}.`)
          : pass('In good standing with the issuer.');
  return verdict({ format, issuerKey, signature, dates, status }, credential);
}

/** The signed credential (VC-JWT) stored under a canonical certificate ID, for anyone to download, or null. */
export async function publicSignedCredential(
  deps: Pick<AppDeps, 'db'>,
  certificateId: string,
): Promise<string | null> {
  return (await findByCertificateId(deps.db, certificateId))?.credential.vcJwt ?? null;
}
