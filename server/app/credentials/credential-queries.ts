import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import { hasAnyRole } from '../../domain/identity/roles.js';
import {
  type CredentialRecord,
  findCredential,
  listCredentials,
} from '../../persistence/repositories/credentials.js';
import type { AppDeps } from '../deps.js';
import { renderBakedBadgePng, renderBakedBadgeSvg, renderCertificate } from './certificate-files.js';
import { type CredentialView, credentialView } from './credential-view.js';

type QueryDeps = Pick<AppDeps, 'db' | 'clock' | 'publicUrl'>;

/** The tenant's credentials, newest first (admins). */
export async function listTenantCredentials(deps: QueryDeps, actor: Actor): Promise<CredentialView[]> {
  return (await listCredentials(deps.db, actor.tenantId)).map((r) => credentialView(r, deps));
}

/**
 * The signed-in person's own credentials: those linked to their account. A credential issued to an e-mail
 * address is linked only to an account that has confirmed that address (at issue, or when the account
 * confirms it later); the address alone never claims one.
 */
export async function listMyCredentials(deps: QueryDeps, actor: Actor): Promise<CredentialView[]> {
  const rows = await listCredentials(deps.db, actor.tenantId, { holderUserId: actor.userId });
  return rows.map((r) => credentialView(r, deps));
}

/** One credential, for an admin or for its holder; anyone else gets not found, as if it did not exist. */
async function readableCredential(deps: QueryDeps, actor: Actor, id: string): Promise<CredentialRecord> {
  const record = await findCredential(deps.db, actor.tenantId, id);
  if (record && (hasAnyRole(actor.roles, ['admin']) || record.credential.userId === actor.userId))
    return record;
  throw new DomainError('not_found', 'No such credential');
}

/** One credential's view. */
export async function getCredential(deps: QueryDeps, actor: Actor, id: string): Promise<CredentialView> {
  return credentialView(await readableCredential(deps, actor, id), deps);
}

/** A file a holder downloads: its name, media type and bytes. */
export interface CredentialFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Buffer | string;
}

/** The files a credential comes as. */
export type CredentialFileKind = 'certificate' | 'badge' | 'badge-png' | 'signed';

/** The PDF certificate, the baked badge (SVG or PNG) or the signed credential of one credential. */
export async function credentialFile(
  deps: QueryDeps,
  actor: Actor,
  id: string,
  kind: CredentialFileKind,
): Promise<CredentialFile> {
  const record = await readableCredential(deps, actor, id);
  const base = record.credential.certificateId;
  if (kind === 'certificate') {
    const body = await renderCertificate(record, deps.publicUrl);
    return { filename: `${base}.pdf`, contentType: 'application/pdf', body };
  }
  if (kind === 'badge') {
    return {
      filename: `${base}.svg`,
      contentType: 'image/svg+xml',
      body: renderBakedBadgeSvg(record),
    };
  }
  if (kind === 'badge-png') {
    return { filename: `${base}.png`, contentType: 'image/png', body: renderBakedBadgePng(record) };
  }
  return { filename: `${base}.jwt`, contentType: 'application/jwt', body: record.credential.vcJwt };
}
