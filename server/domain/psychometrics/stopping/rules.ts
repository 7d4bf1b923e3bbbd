/**
 * Stopping rules: one interface, three strategies, plus the rule every CAT obeys (stop when no eligible item is
 * left; the engine reports that as 'bank_exhausted').
 *
 * - Fixed length: stop after `length` items.
 * - Standard error (Weiss & Kingsbury 1984, J. Educ. Meas. 21(4), "Application of computerized adaptive
 *   testing to educational problems"): stop once SE(θ̂) ≤ maxSe, but not before minLength items; always stop
 *   at maxLength.
 * - Classification by confidence interval (Kingsbury & Weiss 1983; Spray & Reckase 1996, J. Educ. Behav.
 *   Stat. 21(4), "Comparison of SPRT and sequential Bayes procedures for classifying examinees into two
 *   categories using a computerized test"; Eggen 1999, Applied Psychological Measurement 23(3), "Item
 *   selection in adaptive testing with the sequential probability ratio test"): stop once θ̂ ± z·SE excludes
 *   cutTheta, z the two-sided critical value of `confidence` (0.95 → 1.96); min/max length as above.
 * A rule may stop early only when the content minimums are met (`minimumsMet`); at the maximum length it
 * stops regardless.
 */
import { twoSidedZ } from './normal-quantile.js';

/** How a test ends, as configured. */
export type StoppingConfig =
  | { readonly rule: 'fixed_length'; readonly length: number }
  | {
      readonly rule: 'standard_error';
      readonly maxSe: number;
      readonly minLength: number;
      readonly maxLength: number;
    }
  | {
      readonly rule: 'classification';
      readonly cutTheta: number;
      readonly confidence: number;
      readonly minLength: number;
      readonly maxLength: number;
    };

/** Why a test stopped. */
export type StopReason = 'length' | 'standard_error' | 'classification' | 'bank_exhausted';

/** What a stopping rule looks at: the number of items given, the estimate, and the content minimums. */
export interface StoppingContext {
  readonly length: number;
  readonly theta: number;
  readonly se: number;
  readonly minimumsMet: boolean;
}

/** A strategy deciding whether the test ends now (a reason) or goes on (undefined). */
export type StoppingRule = (context: StoppingContext) => StopReason | undefined;

/** The largest number of items the configuration allows. */
export function maxTestLength(config: StoppingConfig): number {
  return config.rule === 'fixed_length' ? config.length : config.maxLength;
}

/** The stopping rule a configuration names. */
export function makeStoppingRule(config: StoppingConfig): StoppingRule {
  switch (config.rule) {
    case 'fixed_length':
      return ({ length }) => (length >= config.length ? 'length' : undefined);
    case 'standard_error':
      return ({ length, se, minimumsMet }) => {
        if (length >= config.maxLength) return 'length';
        if (length >= config.minLength && minimumsMet && se <= config.maxSe) return 'standard_error';
        return undefined;
      };
    case 'classification': {
      const z = twoSidedZ(config.confidence);
      return ({ length, theta, se, minimumsMet }) => {
        if (length >= config.maxLength) return 'length';
        const decided = theta - z * se > config.cutTheta || theta + z * se < config.cutTheta;
        if (length >= config.minLength && minimumsMet && decided) return 'classification';
        return undefined;
      };
    }
  }
}

/** Configuration problems as sentences (empty when sound). */
export function stoppingProblems(config: StoppingConfig): string[] {
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 1;
  if (config.rule === 'fixed_length')
    return whole(config.length) ? [] : ['length must be a whole number ≥ 1'];
  const problems: string[] = [];
  if (!whole(config.maxLength)) problems.push('maxLength must be a whole number ≥ 1');
  if (!(Number.isInteger(config.minLength) && config.minLength >= 0 && config.minLength <= config.maxLength))
    problems.push('minLength must be a whole number between 0 and maxLength');
  if (config.rule === 'standard_error' && !(config.maxSe > 0)) problems.push('maxSe must be > 0');
  if (config.rule === 'classification' && !(config.confidence > 0 && config.confidence < 1))
    problems.push('confidence must lie strictly between 0 and 1');
  return problems;
}
