import { randomUUID } from 'node:crypto';
import { CALENDAR_RANGE_MESSAGE, parseInstant } from '../../domain/calendar.js';
import { DomainError, type ErrorDetail } from '../../domain/errors.js';
import {
  findVersionsByExternalId,
  insertItemResponses,
} from '../../persistence/repositories/item-responses.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';

/** One scored response from a field test run elsewhere. */
export interface FieldTestResponse {
  readonly externalId: string;
  /** The item version answered; the active version when absent. */
  readonly version?: number;
  readonly examineeRef: string;
  readonly score: number;
  readonly responseTimeSec?: number;
  readonly administeredAt?: string;
}

/**
 * Loads scored responses collected outside Certamen (a paper field test, another delivery system)
 * so calibration can use them; all or nothing, every unknown item named. Exam delivery records its
 * own responses the same way.
 */
export async function recordFieldTestResponses(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  by: ChangeAuthor,
  responses: readonly FieldTestResponse[],
): Promise<{ recorded: number }> {
  return runUnitOfWork(deps, by, async ({ tx, now, audit, authorize }) => {
    authorize(['author', 'admin']);
    const known = await findVersionsByExternalId(tx, by.tenantId, [
      ...new Set(responses.map((r) => r.externalId)),
    ]);
    const versions = new Map(known.map((k) => [`${k.externalId}@${k.version}`, k]));
    const active = new Map(known.filter((k) => k.activeVersion === k.version).map((k) => [k.externalId, k]));
    const problems: ErrorDetail[] = [];
    const rows = responses.flatMap((r, i) => {
      const administeredAt = r.administeredAt === undefined ? now : parseInstant(r.administeredAt);
      if (administeredAt === null) {
        problems.push({
          path: `/responses/${i}/administeredAt`,
          rule: 'date-time',
          message: CALENDAR_RANGE_MESSAGE,
        });
        return [];
      }
      const match =
        r.version === undefined ? active.get(r.externalId) : versions.get(`${r.externalId}@${r.version}`);
      if (!match) {
        problems.push({
          path: `/responses/${i}/externalId`,
          rule: 'item-exists',
          message: `no ${r.version === undefined ? 'active item' : `version ${r.version} of item`} ${r.externalId}`,
        });
        return [];
      }
      return [
        {
          tenantId: by.tenantId,
          id: randomUUID(),
          itemId: match.itemId,
          itemVersion: match.version,
          examineeRef: r.examineeRef,
          score: r.score,
          responseTimeSec: r.responseTimeSec ?? null,
          source: 'field_test' as const,
          administeredAt,
        },
      ];
    });
    if (problems.length > 0) {
      throw new DomainError(
        'validation_failed',
        `${problems.length} responses name unknown items or bad dates; nothing was recorded`,
        problems,
      );
    }
    await insertItemResponses(tx, rows);
    await audit({
      action: 'item_responses.recorded',
      subjectType: 'item_bank',
      subjectId: by.tenantId,
      details: { source: 'field_test', count: rows.length, items: new Set(rows.map((r) => r.itemId)).size },
    });
    return { recorded: rows.length };
  });
}
