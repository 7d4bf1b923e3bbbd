import { gzipSync } from 'node:zlib';
import { credentialDate, OB3_CONTEXTS } from '../../domain/credentials/open-badge.js';
import { statusBitstring, statusListLength } from '../../domain/credentials/status-list.js';
import { DomainError } from '../../domain/errors.js';
import { highestStatusListIndex, revokedStatusIndexes } from '../../persistence/repositories/credentials.js';
import {
  findActiveSigningKey,
  listSigningKeys,
  type SigningKeyRow,
} from '../../persistence/repositories/signing-keys.js';
import { findTenantBySlug, type TenantRow } from '../../persistence/repositories/tenants.js';
import type { AppDeps } from '../deps.js';
import { credentialUrls } from './credential-urls.js';

/** A JSON Web Key Set (RFC 7517). */
export interface Jwks {
  readonly keys: readonly Record<string, unknown>[];
}

function jwks(rows: readonly SigningKeyRow[]): Jwks {
  return { keys: rows.map((row) => ({ ...row.publicJwk, kid: row.kid, alg: row.alg, use: 'sig' })) };
}

/** Every tenant's public keys, active and retired: `/.well-known/jwks.json`. */
export async function publishedKeys(deps: Pick<AppDeps, 'db'>): Promise<Jwks> {
  return jwks(await listSigningKeys(deps.db));
}

async function tenantBySlug(deps: Pick<AppDeps, 'db'>, slug: string): Promise<TenantRow> {
  const tenant = await findTenantBySlug(deps.db, slug);
  if (!tenant) throw new DomainError('not_found', 'No such issuer');
  return tenant;
}

/** One issuer's public keys. */
export async function issuerKeys(deps: Pick<AppDeps, 'db'>, slug: string): Promise<Jwks> {
  const tenant = await tenantBySlug(deps, slug);
  return jwks(await listSigningKeys(deps.db, tenant.id));
}

/** The issuer's OB 3.0 Profile document (the credential's `issuer.id` resolves to it); it links the JWKS. */
export async function issuerProfile(
  deps: Pick<AppDeps, 'db' | 'publicUrl'>,
  slug: string,
): Promise<Record<string, unknown>> {
  const tenant = await tenantBySlug(deps, slug);
  const urls = credentialUrls(deps.publicUrl);
  return {
    '@context': [...OB3_CONTEXTS],
    id: urls.issuerId(tenant.slug),
    type: ['Profile'],
    name: tenant.name,
    url: deps.publicUrl,
    ...(tenant.branding.logoUrl ? { image: { id: tenant.branding.logoUrl, type: 'Image' } } : {}),
    jwks_uri: urls.issuerJwks(tenant.slug),
  };
}

/**
 * The tenant's revocation list as a W3C Bitstring Status List credential, signed as a VC-JWT with the
 * tenant's active key: GZIP-compressed bitstring, multibase base64url (`u` prefix).
 */
export async function revocationStatusList(
  deps: Pick<AppDeps, 'db' | 'clock' | 'publicUrl' | 'signer'>,
  slug: string,
): Promise<string> {
  const tenant = await tenantBySlug(deps, slug);
  const key = await findActiveSigningKey(deps.db, tenant.id);
  if (!key) throw new DomainError('not_found', 'This issuer has not issued credentials yet');
  const urls = credentialUrls(deps.publicUrl);
  const listUrl = urls.statusList(tenant.slug);
  const issuer = urls.issuerId(tenant.slug);
  const now = deps.clock.now();
  const length = statusListLength(await highestStatusListIndex(deps.db, tenant.id));
  const bitstring = statusBitstring(await revokedStatusIndexes(deps.db, tenant.id), length);
  const encodedList = `u${gzipSync(bitstring).toString('base64url')}`;
  return deps.signer.sign(key, {
    '@context': [OB3_CONTEXTS[0]],
    id: listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: credentialDate(now),
    credentialSubject: {
      id: `${listUrl}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList,
    },
    iss: issuer,
    jti: listUrl,
    nbf: Math.floor(now.getTime() / 1000),
  });
}
