import type { Blueprint } from '../../domain/assessment/blueprint.js';
import type { BlueprintRow, CertificationRow } from '../../persistence/repositories/certifications.js';

/** A certification as programme admins see it. */
export interface CertificationView {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly validityMonths: number;
  readonly blueprintVersion: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A saved blueprint version. */
export interface BlueprintView {
  readonly version: number;
  readonly definition: Blueprint;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

/** Presents a certification. */
export function certificationView(row: CertificationRow): CertificationView {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    description: row.description,
    validityMonths: row.validityMonths,
    blueprintVersion: row.blueprintVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Presents a blueprint version. */
export function blueprintView(row: BlueprintRow): BlueprintView {
  return {
    version: row.version,
    definition: row.definition as unknown as Blueprint,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
