import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { passkeys } from '../schema.js';

/** A stored passkey (WebAuthn credential). */
export type PasskeyRow = typeof passkeys.$inferSelect;

/** Inserts a passkey; a credential id already registered in the tenant raises a unique violation. */
export async function insertPasskey(ex: Executor, passkey: PasskeyRow): Promise<void> {
  await ex.insert(passkeys).values(passkey);
}

/** The user's passkeys, oldest first. */
export function listPasskeysOfUser(ex: Executor, tenantId: string, userId: string): Promise<PasskeyRow[]> {
  return ex
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.userId, userId)))
    .orderBy(asc(passkeys.createdAt));
}

/** The tenant's passkey with that WebAuthn credential id, or undefined. */
export async function findPasskeyByCredentialId(
  ex: Executor,
  tenantId: string,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const [row] = await ex
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.credentialId, credentialId)));
  return row;
}

/** Records a successful use: the authenticator's new signature counter and the time. */
export async function recordPasskeyUse(
  ex: Executor,
  tenantId: string,
  id: string,
  signCount: number,
  usedAt: Date,
): Promise<void> {
  await ex
    .update(passkeys)
    .set({ signCount, lastUsedAt: usedAt })
    .where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.id, id)));
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
