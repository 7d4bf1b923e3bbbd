import type { Executor } from '../database.js';
import { insertRows, rowFromColumns, runPrepared, selectListText } from '../raw-rows.js';
import { webauthnChallenges } from '../schema.js';

/** A stored WebAuthn challenge. */
export type ChallengeRow = typeof webauthnChallenges.$inferSelect;

/** Stores a newly issued challenge. */
export async function insertChallenge(ex: Executor, challenge: ChallengeRow): Promise<void> {
  await insertRows(ex, webauthnChallenges, [challenge]);
}

let consumeText: string | undefined;

/**
 * Marks the challenge used and returns it, in one statement: of two concurrent uses exactly one gets the
 * row. Returns undefined when it does not exist, is of another purpose, or was already used.
 */
export async function consumeChallenge(
  ex: Executor,
  tenantId: string,
  id: string,
  purpose: ChallengeRow['purpose'],
  now: Date,
): Promise<ChallengeRow | undefined> {
  consumeText ??= `update webauthn_challenges t set consumed_at = $4
    where tenant_id = $1 and id = $2 and purpose = $3 and consumed_at is null
    returning ${selectListText(webauthnChallenges, 't', '')}`;
  const [row] = await runPrepared(ex, consumeText, [tenantId, id, purpose, now]);
  return row ? rowFromColumns(webauthnChallenges, row, '') : undefined;
}
