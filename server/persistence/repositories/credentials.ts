import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { certifications, credentialAliases, credentials, tenants } from '../schema.js';

/** A stored credential. */
export type CredentialRow = typeof credentials.$inferSelect;
/** A stored legacy-ID alias. */
export type CredentialAliasRow = typeof credentialAliases.$inferSelect;

/** A credential with what presenting it needs: its certification and its tenant. */
export interface CredentialRecord {
  readonly credential: CredentialRow;
  readonly certification: typeof certifications.$inferSelect;
  readonly tenant: typeof tenants.$inferSelect;
}

/**
 * Stores a credential unless another already holds its status-list index (a concurrent issuance that claimed
 * the index first is waited for): true when it was stored. Any other taken value raises a unique violation.
 */
export async function insertCredentialUnlessIndexTaken(ex: Executor, row: CredentialRow): Promise<boolean> {
  const stored = await ex
    .insert(credentials)
    .values(row)
    .onConflictDoNothing({ target: [credentials.tenantId, credentials.statusListIndex] })
    .returning({ id: credentials.id });
  return stored.length === 1;
}

/** Stores legacy-ID aliases; a key already taken raises a unique violation. */
export async function insertCredentialAliases(
  ex: Executor,
  rows: readonly CredentialAliasRow[],
): Promise<void> {
  if (rows.length > 0) await ex.insert(credentialAliases).values([...rows]);
}

/** The aliases among these keys that are already taken. */
export async function findTakenAliasKeys(ex: Executor, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await ex
    .select({ aliasKey: credentialAliases.aliasKey })
    .from(credentialAliases)
    .where(inArray(credentialAliases.aliasKey, [...keys]));
  return rows.map((r) => r.aliasKey);
}

/** The highest Bitstring Status List index a tenant's credentials hold, or -1 before the first. */
export async function highestStatusListIndex(ex: Executor, tenantId: string): Promise<number> {
  const [row] = await ex
    .select({ highest: sql<number>`coalesce(max(${credentials.statusListIndex}), -1)::int` })
    .from(credentials)
    .where(eq(credentials.tenantId, tenantId));
  return Number(row?.highest ?? -1);
}

/** Which of the given status-list indexes a tenant's credentials already hold. */
export async function takenStatusListIndexes(
  ex: Executor,
  tenantId: string,
  indexes: readonly number[],
): Promise<number[]> {
  if (indexes.length === 0) return [];
  const rows = await ex
    .select({ index: credentials.statusListIndex })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), inArray(credentials.statusListIndex, [...indexes])));
  return rows.map((r) => r.index);
}

function selectRecord(ex: Executor) {
  return ex
    .select({ credential: credentials, certification: certifications, tenant: tenants })
    .from(credentials)
    .innerJoin(
      certifications,
      and(
        eq(certifications.tenantId, credentials.tenantId),
        eq(certifications.id, credentials.certificationId),
      ),
    )
    .innerJoin(tenants, eq(tenants.id, credentials.tenantId));
}

/** What a verifier's answer is built from: no signed credential, no e-mail, only the columns shown. */
export interface VerificationRecord {
  readonly credential: Pick<
    CredentialRow,
    | 'certificateId'
    | 'holderName'
    | 'issuedAt'
    | 'expiresAt'
    | 'suspendedAt'
    | 'revokedAt'
    | 'revocationReason'
  >;
  readonly certification: Pick<CredentialRecord['certification'], 'code' | 'title'>;
  readonly tenant: Pick<CredentialRecord['tenant'], 'slug' | 'name' | 'branding' | 'settings'>;
}

function verificationQuery(ex: Executor) {
  return ex
    .select({
      credential: {
        certificateId: credentials.certificateId,
        holderName: credentials.holderName,
        issuedAt: credentials.issuedAt,
        expiresAt: credentials.expiresAt,
        suspendedAt: credentials.suspendedAt,
        revokedAt: credentials.revokedAt,
        revocationReason: credentials.revocationReason,
      },
      certification: { code: certifications.code, title: certifications.title },
      tenant: {
        slug: tenants.slug,
        name: tenants.name,
        branding: tenants.branding,
        settings: tenants.settings,
      },
    })
    .from(credentials)
    .innerJoin(
      certifications,
      and(
        eq(certifications.tenantId, credentials.tenantId),
        eq(certifications.id, credentials.certificationId),
      ),
    )
    .innerJoin(tenants, eq(tenants.id, credentials.tenantId))
    .where(eq(credentials.certificateId, sql.placeholder('certificateId')))
    .prepare('credential_verification');
}

// Prepared once per database handle: public verification is the hottest read a credential gets.
const verificationByHandle = new WeakMap<Executor, ReturnType<typeof verificationQuery>>();

/** What a verifier may learn about the credential with this certificate ID, in one prepared round trip. */
export async function findForVerification(
  ex: Executor,
  certificateId: string,
): Promise<VerificationRecord | undefined> {
  let query = verificationByHandle.get(ex);
  if (!query) {
    query = verificationQuery(ex);
    verificationByHandle.set(ex, query);
  }
  const [row] = await query.execute({ certificateId });
  return row;
}

/** The credential with this public certificate ID, in any tenant. */
export async function findByCertificateId(
  ex: Executor,
  certificateId: string,
): Promise<CredentialRecord | undefined> {
  const [row] = await selectRecord(ex).where(eq(credentials.certificateId, certificateId));
  return row;
}

/** The credential a legacy ID stands for. */
export async function findByAliasKey(ex: Executor, aliasKey: string): Promise<CredentialRecord | undefined> {
  const [row] = await selectRecord(ex)
    .innerJoin(
      credentialAliases,
      and(
        eq(credentialAliases.tenantId, credentials.tenantId),
        eq(credentialAliases.credentialId, credentials.id),
      ),
    )
    .where(eq(credentialAliases.aliasKey, aliasKey));
  return row;
}

/** Credentials by certificate IDs, in any tenant (bulk verification). */
export function findByCertificateIds(ex: Executor, ids: readonly string[]): Promise<CredentialRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectRecord(ex).where(inArray(credentials.certificateId, [...ids]));
}

/** The credential with this `jti` (`urn:uuid:<id>`) in the tenant. */
export async function findCredential(
  ex: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<CredentialRecord | undefined> {
  const query = selectRecord(ex).where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  const [row] = forUpdate ? await query.for('update', { of: credentials }) : await query;
  return row;
}

/** A tenant's credentials, newest first, optionally those held by one user account. */
export function listCredentials(
  ex: Executor,
  tenantId: string,
  filter: {
    readonly holderUserId?: string;
    readonly limit?: number;
  } = {},
): Promise<CredentialRecord[]> {
  return selectRecord(ex)
    .where(
      and(
        eq(credentials.tenantId, tenantId),
        filter.holderUserId ? eq(credentials.userId, filter.holderUserId) : undefined,
      ),
    )
    .orderBy(desc(credentials.issuedAt), desc(credentials.createdAt))
    .limit(filter.limit ?? 500);
}

/** Changes a credential's standing flags. */
export async function updateCredential(
  ex: Executor,
  tenantId: string,
  id: string,
  patch: Partial<
    Pick<CredentialRow, 'suspendedAt' | 'suspensionReason' | 'revokedAt' | 'revocationReason' | 'updatedAt'>
  >,
): Promise<void> {
  await ex
    .update(credentials)
    .set(patch)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
}

/** Status-list indexes of a tenant's revoked credentials (for the Bitstring Status List). */
export async function revokedStatusIndexes(ex: Executor, tenantId: string): Promise<number[]> {
  const rows = await ex
    .select({ index: credentials.statusListIndex })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), sql`${credentials.revokedAt} is not null`));
  return rows.map((r) => r.index);
}

/**
 * Links to the account every credential of the tenant issued to `holderEmail` that no account holds yet, and
 * returns what was linked. Called when the account has just proven it reads that address.
 */
export async function linkCredentialsToHolder(
  ex: Executor,
  tenantId: string,
  holderEmail: string,
  userId: string,
  now: Date,
): Promise<Array<Pick<CredentialRow, 'id' | 'certificateId'>>> {
  return ex
    .update(credentials)
    .set({ userId, updatedAt: now })
    .where(
      and(
        eq(credentials.tenantId, tenantId),
        eq(credentials.holderEmail, holderEmail),
        sql`${credentials.userId} is null`,
      ),
    )
    .returning({ id: credentials.id, certificateId: credentials.certificateId });
}
