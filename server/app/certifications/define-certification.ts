import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { insertCertification } from '../../persistence/repositories/certifications.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
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
  return runUnitOfWork(
    deps,
    actor,
    async ({ tx, now, audit, authorize }) => {
      authorize(['admin']);
      const row = {
        tenantId: actor.tenantId,
        id: randomUUID(),
        code: input.code,
        title: input.title,
        description: input.description,
        validityMonths: input.validityMonths,
        blueprintVersion: null,
        candidatePolicy: null,
        createdAt: now,
        updatedAt: now,
      };
      await insertCertification(tx, row);
      await audit({
        action: 'certification.defined',
        subjectType: 'certification',
        subjectId: row.id,
        details: { code: row.code, title: row.title, validityMonths: row.validityMonths },
      });
      return certificationView(row);
    },
    {
      onUniqueViolation: () =>
        new DomainError('conflict', `A certification with code ${input.code} already exists`, [
          { path: '/code', rule: 'unique', message: 'is already used by another certification' },
        ]),
    },
  );
}
