import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { appendAudit } from '../../persistence/audit-chain.js';
import { inTransaction } from '../../persistence/database.js';
import { insertCertification } from '../../persistence/repositories/certifications.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { type CertificationView, certificationView } from './certification-view.js';

/** A certification's identity and how long its credentials stay valid. */
export interface DefineCertificationInput {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly validityMonths: number;
}

/** A programme admin defines a certification; its blueprint is saved separately. */
export async function defineCertification(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: ChangeAuthor,
  input: DefineCertificationInput,
): Promise<CertificationView> {
  try {
    return await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const row = {
        tenantId: actor.tenantId,
        id: randomUUID(),
        code: input.code,
        title: input.title,
        description: input.description,
        validityMonths: input.validityMonths,
        blueprintVersion: null,
        createdAt: now,
        updatedAt: now,
      };
      await insertCertification(tx, row);
      await appendAudit(tx, {
        tenantId: actor.tenantId,
        actorId: actor.userId,
        action: 'certification.defined',
        subjectType: 'certification',
        subjectId: row.id,
        details: { code: row.code, title: row.title, validityMonths: row.validityMonths },
        occurredAt: now,
      });
      return certificationView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', `A certification with code ${input.code} already exists`, [
        { path: '/code', rule: 'unique', message: 'is already used by another certification' },
      ]);
    }
    throw error;
  }
}
