import {
  canChangeStanding,
  type RevocationReason,
  type StandingChange,
  type SuspensionReason,
} from '../../domain/credentials/credential-status.js';
import { DomainError } from '../../domain/errors.js';
import { findCredential, updateCredential } from '../../persistence/repositories/credentials.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { type CredentialView, credentialView } from './credential-view.js';

/** An admin's suspension, reinstatement or revocation, with the reason category and a private note. */
export type StandingRequest =
  | { readonly change: 'suspend'; readonly reason: SuspensionReason; readonly note?: string }
  | { readonly change: 'reinstate'; readonly note?: string }
  | { readonly change: 'revoke'; readonly reason: RevocationReason; readonly note?: string };

const PAST_TENSE: Record<StandingChange, string> = {
  suspend: 'suspended',
  reinstate: 'reinstated',
  revoke: 'revoked',
};

/**
 * Suspends, reinstates or revokes a credential. The change is audited with its reason and shows on the
 * verification page at once, because status is computed from these flags when asked. Revocation is final.
 */
export async function changeCredentialStanding(
  deps: Pick<AppDeps, 'db' | 'clock' | 'publicUrl'>,
  author: ChangeAuthor,
  credentialId: string,
  request: StandingRequest,
): Promise<CredentialView> {
  return runUnitOfWork(deps, author, async ({ tx, now, audit, authorize }) => {
    authorize(['admin']);
    const record = await findCredential(tx, author.tenantId, credentialId, true);
    if (!record) throw new DomainError('not_found', 'No such credential');
    if (!canChangeStanding(record.credential, request.change)) {
      const current = record.credential.revokedAt
        ? 'revoked'
        : record.credential.suspendedAt
          ? 'suspended'
          : 'not suspended';
      throw new DomainError(
        'invalid_transition',
        `The credential cannot be ${PAST_TENSE[request.change]}: it is ${current}`,
      );
    }
    const patch =
      request.change === 'suspend'
        ? { suspendedAt: now, suspensionReason: request.reason }
        : request.change === 'reinstate'
          ? { suspendedAt: null, suspensionReason: null }
          : { revokedAt: now, revocationReason: request.reason };
    await updateCredential(tx, author.tenantId, credentialId, { ...patch, updatedAt: now });
    await audit({
      action: `credential.${PAST_TENSE[request.change]}`,
      subjectType: 'credential',
      subjectId: credentialId,
      details: {
        certificateId: record.credential.certificateId,
        ...('reason' in request ? { reason: request.reason } : {}),
        ...(request.note ? { note: request.note } : {}),
      },
    });
    return credentialView(
      { ...record, credential: { ...record.credential, ...patch, updatedAt: now } },
      deps,
    );
  });
}
