/**
 * How the simulated examinees of the delivery benchmark answer: for each item of the pool, one answer that
 * scores 1 and one of the right shape that scores 0, checked against the real scorer, so that a live examinee
 * answers dichotomously exactly as the simulator's examinees do. Candidate payloads carry no key and no IRT
 * parameter, so the load generator recognises an item by its stem (unique in the pool).
 */
import type { ItemContent } from '../../server/domain/items/item.js';
import { answerProblem } from '../../server/domain/items/response-shape.js';
import { scoreResponse } from '../../server/domain/items/score-response.js';
import type { ItemParameters } from '../../server/domain/psychometrics/irt.js';

/** What the load generator knows of one item: its stem, its parameters, a right and a wrong answer. */
export interface ItemKey {
  readonly stem: string;
  readonly type: ItemContent['type'];
  /** Null for uncalibrated (pretest) items: their answers are drawn at P = 0.5 and do not count. */
  readonly params: ItemParameters | null;
  readonly right: Record<string, unknown>;
  readonly wrong: Record<string, unknown>;
}

const firstOther = (ids: readonly string[], not: string) => ids.find((id) => id !== not) as string;

/** An answer that scores 1 and one that scores 0, before checking. */
function candidates(content: ItemContent): { right: object; wrong: object } {
  switch (content.type) {
    case 'single_choice': {
      const ids = content.options.map((o) => o.id);
      return {
        right: { optionId: content.key.correct },
        wrong: { optionId: firstOther(ids, content.key.correct) },
      };
    }
    case 'multiple_response': {
      // Only wrong options: 0 under every scoring rule (proportion_correct needs all of them).
      const wrongIds = content.options.map((o) => o.id).filter((id) => !content.key.correct.includes(id));
      return {
        right: { optionIds: content.key.correct },
        wrong: { optionIds: wrongIds.slice(0, content.selectCount ?? wrongIds.length) },
      };
    }
    case 'true_false':
      return { right: { value: content.key.correct }, wrong: { value: !content.key.correct } };
    case 'numeric':
      return { right: { value: content.key.value }, wrong: { value: content.key.value * 3 + 1000 } };
    case 'short_text':
      return { right: { text: content.key.accepted[0] }, wrong: { text: 'no idea' } };
    case 'ordering':
      // The reverse order places every pair wrongly: 0 for partial credit too.
      return { right: { order: content.key.order }, wrong: { order: [...content.key.order].reverse() } };
    case 'matching': {
      const ids = content.options.map((o) => o.id);
      const pairs = content.key.pairs;
      const wrong = Object.fromEntries(
        content.prompts.map((p) => [p.id, firstOther(ids, pairs[p.id] as string)]),
      );
      return { right: { pairs }, wrong: { pairs: wrong } };
    }
  }
}

/** The item's key for the load generator; throws when no right or no zero-scoring answer can be made. */
export function itemKey(content: ItemContent, params: ItemParameters | null): ItemKey {
  const { right, wrong } = candidates(content);
  const check = (answer: object, expected: number, what: string) => {
    const problem = answerProblem(content, answer as Record<string, unknown>);
    const score = scoreResponse(content, answer as never);
    if (problem !== null || score !== expected)
      throw new Error(
        `cannot make a ${what} answer to "${content.stem.slice(0, 60)}": ${problem ?? `it scores ${score}`}`,
      );
  };
  check(right, 1, 'right');
  check(wrong, 0, 'wrong');
  return {
    stem: content.stem,
    type: content.type,
    params,
    right: right as Record<string, unknown>,
    wrong: wrong as Record<string, unknown>,
  };
}

/** The value at quantile q (0..1) of ascending `sorted`, nearest rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
