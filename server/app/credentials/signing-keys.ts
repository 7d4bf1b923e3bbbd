import type { CredentialSigner } from '../../adapters/credential-signer.js';
import { appendAudit } from '../../persistence/audit-chain.js';
import type { Executor } from '../../persistence/database.js';
import { lockTenant } from '../../persistence/tenant-lock.js';
import {
  findActiveSigningKey,
  insertSigningKey,
  listSigningKeys,
  retireSigningKeys,
  type SigningKeyRow,
} from '../../persistence/repositories/signing-keys.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';

async function createSigningKey(
  tx: Executor,
  signer: CredentialSigner,
  author: ChangeAuthor,
  now: Date,
  reason: 'first_use' | 'rotation',
): Promise<SigningKeyRow> {
  const material = signer.generateKey();
  const row: SigningKeyRow = {
    tenantId: author.tenantId,
    kid: material.kid,
    alg: material.alg,
    publicJwk: { ...material.publicJwk },
    privateKeySealed: material.privateKeySealed,
    status: 'active',
    createdAt: now,
    retiredAt: null,
  };
  await insertSigningKey(tx, row);
  await appendAudit(tx, {
    tenantId: author.tenantId,
    actorId: author.userId,
    action: 'signing_key.created',
    subjectType: 'signing_key',
    subjectId: material.kid,
    details: { alg: material.alg, reason },
    occurredAt: now,
  });
  return row;
}

/**
 * The key that signs the tenant's new credentials, made on first use. Making it takes the tenant's lock and
 * looks again, so two first issuances (or a rotation) do not both make one.
 */
export async function activeSigningKey(
  tx: Executor,
  signer: CredentialSigner,
  author: ChangeAuthor,
  now: Date,
): Promise<SigningKeyRow> {
  const active = await findActiveSigningKey(tx, author.tenantId);
  if (active) return active;
  await lockTenant(tx, author.tenantId);
  return (
    (await findActiveSigningKey(tx, author.tenantId)) ??
    (await createSigningKey(tx, signer, author, now, 'first_use'))
  );
}

/** What the admin sees of a key: never the private half. */
export interface SigningKeyView {
  readonly kid: string;
  readonly alg: string;
  readonly status: 'active' | 'retired';
  readonly createdAt: string;
  readonly retiredAt: string | null;
}

/** Presents a key. */
export function signingKeyView(row: SigningKeyRow): SigningKeyView {
  return {
    kid: row.kid,
    alg: row.alg,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}

/**
 * Rotation: the active key retires (still published, so what it signed still verifies) and a new one signs.
 * The tenant's lock is taken before anything is read or retired, so rotations (and first issuances) of one
 * tenant run one after another and the tenant always has exactly one active key. Should a uniqueness rule
 * on active keys still refuse the new key, the caller gets a conflict to retry, not a failure.
 */
export async function rotateSigningKey(
  deps: Pick<AppDeps, 'db' | 'clock' | 'signer'>,
  author: ChangeAuthor,
): Promise<SigningKeyView> {
  return runUnitOfWork(
    deps,
    author,
    async ({ tx, now, authorize }) => {
      authorize(['admin']);
      await lockTenant(tx, author.tenantId);
      await retireSigningKeys(tx, author.tenantId, now);
      return signingKeyView(await createSigningKey(tx, deps.signer, author, now, 'rotation'));
    },
    { onUniqueViolation: 'Another key rotation finished first; the tenant has one active key' },
  );
}

/** The tenant's keys, newest first. */
export async function listTenantSigningKeys(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
): Promise<SigningKeyView[]> {
  return (await listSigningKeys(deps.db, tenantId)).map(signingKeyView);
}
