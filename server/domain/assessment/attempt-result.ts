/**
 * An attempt's result as the candidate reads it: pass or fail, the score on the certification's scale, and
 * per content domain whether they did well, in words.
 *
 * Domain feedback compares the candidate with a borderline candidate on the very items they were given: the
 * expected share correct at the cut, Σ P(θ_cut)/n with the items' IRT parameters (for percent scoring, the
 * pass percentage). At least 10 points above is "strong", within 10 points "adequate", further below "needs
 * work". Comparing with the cut on the same items keeps an adaptive exam's harder items for strong candidates
 * from reading as weakness (the reason raw domain percentages mislead in CAT; cf. Sinharay, Puhan & Haberman
 * 2011, "An NCME instructional module on subscores", on reporting few-item subscores coarsely).
 */
import { makeEstimator } from '../psychometrics/estimation/index.js';
import { type ItemParameters, probability } from '../psychometrics/irt.js';
import { scoreAbility } from '../psychometrics/scoring.js';
import type { Blueprint } from './blueprint.js';

/** One scored response as results need it (pretest responses are left out before this). */
export interface ScoredAnswer {
  readonly domain: string;
  readonly params: ItemParameters | null;
  readonly score: number;
}

/** How a domain went, coarsely, for a candidate. */
export type DomainRating = 'strong' | 'adequate' | 'needs_work';

/** One domain of the result. */
export interface DomainFeedback {
  readonly domain: string;
  readonly title: string;
  readonly items: number;
  readonly percentCorrect: number;
  readonly rating: DomainRating;
  readonly feedback: string;
}

/** The scored outcome of an attempt. */
export interface AttemptResult {
  readonly passed: boolean;
  /** On the certification's scale; null when the blueprint defines none (percent scoring without a scale). */
  readonly scaledScore: number | null;
  readonly percentCorrect: number;
  readonly theta: number | null;
  readonly se: number | null;
  /** The score and the pass mark in one sentence. */
  readonly summary: string;
  readonly scoredItems: number;
  readonly domains: readonly DomainFeedback[];
}

const MARGIN = 0.1;
/** Slack for binary fractions: 0.2 + 0.1 is 0.30000000000000004, and a share exactly at a bound must count as at it. */
const SLACK = 1e-9;

const FEEDBACK: Record<DomainRating, (title: string) => string> = {
  strong: (title) => `${title}: a strength. You did clearly better here than the passing standard asks.`,
  adequate: (title) => `${title}: around the passing standard. Some review will make it secure.`,
  needs_work: (title) => `${title}: needs work. This is the area to study before your next attempt.`,
};

const round1 = (x: number) => Math.round(x * 10) / 10;

function rate(observed: number, expected: number): DomainRating {
  if (observed - expected >= MARGIN - SLACK) return 'strong';
  if (observed - expected >= -MARGIN - SLACK) return 'adequate';
  return 'needs_work';
}

/**
 * Scores an attempt. With θ scoring the estimate is the adaptive engine's final θ̂ when given (`estimate`),
 * otherwise the blueprint's estimator (EAP with a N(0, 1) prior for linear forms) over the scored answers.
 */
export function scoreAttempt(
  blueprint: Blueprint,
  answers: readonly ScoredAnswer[],
  estimate?: { readonly theta: number; readonly se: number },
): AttemptResult {
  const n = answers.length;
  const total = answers.reduce((sum, a) => sum + a.score, 0);
  const exactPercent = n === 0 ? 0 : (100 * total) / n;
  // Rounded down: a share below the pass mark (69.96 %) is never shown as the pass mark itself.
  const percentCorrect = Math.floor((exactPercent + SLACK) * 10) / 10;
  const scoring = blueprint.scoring;
  let passed: boolean;
  let scaledScore: number | null = null;
  let theta: number | null = null;
  let se: number | null = null;
  let summary: string;
  if (scoring.method === 'theta') {
    const final =
      estimate ??
      makeEstimator(
        blueprint.delivery.mode === 'adaptive'
          ? blueprint.delivery.estimator
          : { method: 'eap', priorMean: 0, priorSd: 1 },
      )(
        answers
          .filter((a) => a.params !== null)
          .map((a) => ({ item: a.params as ItemParameters, score: a.score })),
      );
    const ability = scoreAbility(final.theta, final.se, scoring);
    ({ passed, theta, se } = ability);
    scaledScore = ability.scaledScore;
    // A θ̂ just below the cut can round onto the pass score itself; a fail is reported below it.
    if (!passed && scaledScore !== null && scoring.scale && scaledScore >= scoring.scale.passScore)
      scaledScore = Math.max(scoring.scale.min, scoring.scale.passScore - 1);
    summary =
      scaledScore !== null && scoring.scale
        ? `Your scaled score is ${scaledScore} on a scale of ${scoring.scale.min} to ${scoring.scale.max}; the pass mark is ${scoring.scale.passScore}.`
        : `Your result is ${passed ? 'at or above' : 'below'} the passing standard.`;
  } else {
    passed = exactPercent + SLACK >= scoring.passPercent;
    summary = `You answered ${percentCorrect} % correctly; the pass mark is ${scoring.passPercent} %.`;
  }

  const domains: DomainFeedback[] = [];
  for (const d of blueprint.domains) {
    const mine = answers.filter((a) => a.domain === d.domain);
    if (mine.length === 0) continue;
    const observed = mine.reduce((sum, a) => sum + a.score, 0) / mine.length;
    const expected =
      scoring.method === 'theta'
        ? mine.reduce((sum, a) => sum + (a.params ? probability(scoring.cutTheta, a.params) : 0.5), 0) /
          mine.length
        : scoring.passPercent / 100;
    const rating = rate(observed, expected);
    domains.push({
      domain: d.domain,
      title: d.title,
      items: mine.length,
      percentCorrect: round1(100 * observed),
      rating,
      feedback: FEEDBACK[rating](d.title),
    });
  }
  return { passed, scaledScore, percentCorrect, theta, se, summary, scoredItems: n, domains };
}
