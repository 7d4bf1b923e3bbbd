import { and, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows, rowFromColumns, runPrepared, selectListText, updateRows } from '../raw-rows.js';
import { passkeys, users } from '../schema.js';
import type { UserRow } from './users.js';

/** A stored passkey (WebAuthn credential). */
export type PasskeyRow = typeof passkeys.$inferSelect;

/** Inserts a passkey; a credential id already registered in the tenant raises a unique violation. */
export async function insertPasskey(ex: Executor, passkey: PasskeyRow): Promise<void> {
  await ex.insert(passkeys).values(passkey);
}

/** The user's passkeys, oldest first. */
export function listPasskeysOfUser(ex: Executor, tenantId: string, userId: string): Promise<PasskeyRow[]> {
  return findRows(ex, passkeys, 'tenant_id = $1 and user_id = $2 order by created_at', [tenantId, userId]);
}

let withUserText: string | undefined;

/** The tenant's passkey with that WebAuthn credential id and the account it belongs to, or undefined. */
export async function findPasskeyWithUser(
  ex: Executor,
  tenantId: string,
  credentialId: string,
): Promise<{ passkey: PasskeyRow; user: UserRow } | undefined> {
  withUserText ??= `select ${selectListText(passkeys, 'p', 'p_')}, ${selectListText(users, 'u', 'u_')}
    from passkeys p join users u on u.tenant_id = p.tenant_id and u.id = p.user_id
    where p.tenant_id = $1 and p.credential_id = $2`;
  const [row] = await runPrepared(ex, withUserText, [tenantId, credentialId]);
  return row
    ? { passkey: rowFromColumns(passkeys, row, 'p_'), user: rowFromColumns(users, row, 'u_') }
    : undefined;
}

/** Records a successful use: the authenticator's new signature counter and the time. */
export async function recordPasskeyUse(
  ex: Executor,
  tenantId: string,
  id: string,
  signCount: number,
  usedAt: Date,
): Promise<void> {
  await updateRows(ex, passkeys, { signCount, lastUsedAt: usedAt }, 'tenant_id = $1 and id = $2', [
    tenantId,
    id,
  ]);
}

/** Deletes one of the user's passkeys; returns whether it existed. */
export async function deletePasskey(
  ex: Executor,
  tenantId: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const deleted = await ex
    .delete(passkeys)
    .where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.userId, userId), eq(passkeys.id, id)))
    .returning({ id: passkeys.id });
  return deleted.length > 0;
}
