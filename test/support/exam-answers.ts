import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import { defineCertification } from '../../server/app/certifications/define-certification.js';
import { examBank, examItem } from '../../server/app/delivery/exam-bank.js';
import { storedContent } from '../../server/app/items/item-record.js';
import { DEMO_DOMAINS } from '../../server/app/seed-demo-programme.js';
import { saveBlueprint } from '../../server/app/certifications/save-blueprint.js';
import type { AppDeps } from '../../server/app/deps.js';
import type { ItemContent, ItemType } from '../../server/domain/items/item.js';
import type { Db } from '../../server/persistence/database.js';
import { type AttemptRow, findAttempt } from '../../server/persistence/repositories/attempts.js';
import { listActiveVersions } from '../../server/persistence/repositories/items.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import type { ExamCandidate } from './exam.js';
import { tokenFor } from './factories.js';

/** The answer key of an item as a candidate would send it. */
export function rightAnswer(content: ItemContent): Record<string, unknown> {
  switch (content.type) {
    case 'single_choice':
      return { optionId: content.key.correct };
    case 'multiple_response':
      return { optionIds: [...content.key.correct] };
    case 'true_false':
      return { value: content.key.correct };
    case 'numeric':
      return content.key.unit === undefined
        ? { value: content.key.value }
        : { value: content.key.value, unit: content.key.unit };
    case 'short_text':
      return { text: content.key.accepted[0] };
    case 'ordering':
      return { order: [...content.key.order] };
    case 'matching':
      return { pairs: { ...content.key.pairs } };
  }
}

/** A well-formed answer that scores 0 (or close to it, for partial-credit items). */
export function wrongAnswer(content: ItemContent): Record<string, unknown> {
  switch (content.type) {
    case 'single_choice':
      return { optionId: content.options.find((o) => o.id !== content.key.correct)?.id };
    case 'multiple_response': {
      const wrong = content.options.map((o) => o.id).filter((id) => !content.key.correct.includes(id));
      return { optionIds: wrong.slice(0, content.selectCount ?? wrong.length) };
    }
    case 'true_false':
      return { value: !content.key.correct };
    case 'numeric':
      return { value: content.key.value + 1_000_000 };
    case 'short_text':
      return { text: 'certainly not the answer' };
    case 'ordering':
      return { order: [...content.key.order].reverse() };
    case 'matching':
      return { pairs: {} };
  }
}

/** The stored attempt row (what the candidate never sees: item ids, seed, progress). */
export async function attemptRow(db: Db, tenantId: string, attemptId: string): Promise<AttemptRow> {
  const row = await findAttempt(db, tenantId, attemptId);
  if (!row) throw new Error(`no attempt ${attemptId}`);
  return row;
}

/** The item content at a position of the attempt: its form slot, or an adaptive exam's current item. */
export async function itemAt(db: Db, tenantId: string, attemptId: string, position: number) {
  const row = await attemptRow(db, tenantId, attemptId);
  const bank = await examBank(db, tenantId, row.certificationId, row.blueprintVersion);
  const slots = (row.form as { slots?: Array<{ itemId: string }> }).slots;
  const itemId = row.mode === 'adaptive' ? row.currentItemId : slots?.[position - 1]?.itemId;
  if (!itemId) throw new Error(`attempt ${attemptId} serves nothing at position ${position}`);
  return examItem(bank, itemId);
}

/** The candidate with an access token issued now (after a test moved its clock past the old one's expiry). */
export function withFreshToken(deps: AppDeps, tenant: TenantRow, candidate: ExamCandidate): ExamCandidate {
  return { ...candidate, token: tokenFor(deps, tenant, candidate.user) };
}

/** Sends one save and expects it stored; returns the attempt after it. */
export async function save(
  app: Express,
  candidate: ExamCandidate,
  attempt: AttemptView,
  body: { seq: number; position: number; answer: unknown; marked?: boolean },
): Promise<AttemptView> {
  const res = await request(app)
    .post(`/api/v1/attempts/${attempt.id}/responses`)
    .set('Authorization', `Bearer ${candidate.token}`)
    .send({ epoch: attempt.epoch, ...body });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.attempt as AttemptView;
}

/**
 * Answers every question of a running attempt through REST, right or wrong as `correct` says for each
 * (0-based) question, and returns the attempt after the last save (still running for a form). An adaptive exam
 * ends by itself: its last answer submits it, and the attempt returned is read again, which scores it.
 */
export async function answerAll(
  app: Express,
  deps: AppDeps,
  candidate: ExamCandidate,
  start: AttemptView,
  correct: (index: number) => boolean,
): Promise<AttemptView> {
  let attempt = start;
  const tenantId = candidate.user.tenantId;
  if (attempt.mode === 'adaptive') {
    for (let i = 0; attempt.status === 'in_progress' && attempt.current; i++) {
      const position = attempt.current.position;
      const item = await itemAt(deps.db, tenantId, attempt.id, position);
      const answer = correct(i) ? rightAnswer(item.content) : wrongAnswer(item.content);
      attempt = await save(app, candidate, attempt, { seq: attempt.lastSeq + 1, position, answer });
    }
    return attempt.status === 'submitted' ? readAttempt(app, candidate, attempt.id) : attempt;
  }
  for (const slot of attempt.form ?? []) {
    const item = await itemAt(deps.db, tenantId, attempt.id, slot.position);
    const answer = correct(slot.position - 1) ? rightAnswer(item.content) : wrongAnswer(item.content);
    attempt = await save(app, candidate, attempt, {
      seq: attempt.lastSeq + 1,
      position: slot.position,
      answer,
    });
  }
  return attempt;
}

/** The attempt without what moves with the clock: two readings of an unchanged attempt compare equal. */
export const still = ({ serverTime: _t, remainingMs: _r, ...rest }: AttemptView) => rest;

/** The attempt as its candidate reads it (which scores it when it was submitted and not scored yet). */
export async function readAttempt(
  app: Express,
  candidate: ExamCandidate,
  attemptId: string,
): Promise<AttemptView> {
  const res = await request(app)
    .get(`/api/v1/attempts/${attemptId}`)
    .set('Authorization', `Bearer ${candidate.token}`);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body.attempt as AttemptView;
}

/**
 * Submits the attempt (expecting it taken) and reads it again, which scores it where no scorer runs (a test
 * context): the attempt with its result, as the candidate sees it a moment after submitting.
 */
export async function submitAndRead(
  app: Express,
  candidate: ExamCandidate,
  attempt: Pick<AttemptView, 'id' | 'epoch'>,
): Promise<AttemptView> {
  const res = await move(app, candidate, attempt, 'submit');
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return readAttempt(app, candidate, attempt.id);
}

/** Posts a move (`pause`, `resume`, `submit`) with the attempt's epoch. */
export function move(
  app: Express,
  candidate: ExamCandidate,
  attempt: Pick<AttemptView, 'id' | 'epoch'>,
  action: 'pause' | 'resume' | 'submit',
) {
  return request(app)
    .post(`/api/v1/attempts/${attempt.id}/${action}`)
    .set('Authorization', `Bearer ${candidate.token}`)
    .send({ epoch: attempt.epoch });
}

/**
 * A certification of the programme's tenant with a fixed form, in this order, of one scored item of each type
 * asked for (from the demo bank; a numeric item with a unit when there is one): its id.
 */
export async function makeFixedExam(
  deps: AppDeps,
  tenant: TenantRow,
  types: readonly ItemType[],
  passPercent = 50,
): Promise<string> {
  const system = { tenantId: tenant.id, userId: null };
  const pool = (await listActiveVersions(deps.db, tenant.id))
    .map(({ version }) => ({ id: version.itemId, pretest: version.pretest, content: storedContent(version) }))
    .filter((item) => !item.pretest)
    .sort(
      (a, b) =>
        Number(b.content.type === 'numeric' && b.content.key.unit !== undefined) -
        Number(a.content.type === 'numeric' && a.content.key.unit !== undefined),
    );
  const itemIds = types.map((type) => {
    const found = pool.find((item) => item.content.type === type);
    if (!found) throw new Error(`the demo bank has no ${type} item`);
    return found.id;
  });
  const certification = await defineCertification(deps, system, {
    code: `FX-${tenant.slug.slice(-4).toUpperCase()}-${Math.floor(Math.random() * 1e6)}`,
    title: 'Fixed-form practice exam',
    description: 'One question of each kind.',
    validityMonths: 12,
  });
  await saveBlueprint(deps, system, certification.id, {
    timeLimitMin: 20,
    domains: DEMO_DOMAINS.map(({ domain, title }) => ({ domain, title })),
    delivery: { mode: 'fixed', itemIds, shuffleItems: false, shuffleOptions: false },
    scoring: { method: 'percent', passPercent },
    pretestCount: 0,
  });
  return certification.id;
}
