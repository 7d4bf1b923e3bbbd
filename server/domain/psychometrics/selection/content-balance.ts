/**
 * Content balancing in the manner of Kingsbury & Zara (1989, Applied Measurement in Education 2(4),
 * "Procedures for selecting items for computerized adaptive tests"): the next item comes from the content
 * domain furthest behind its target share, then by maximum information within that domain.
 *
 * Rules, for a test of at most `maxLength` items with `administered` given so far:
 * - a domain at its max is never chosen;
 * - a domain is eligible only if, after choosing it, the remaining slots maxLength − (n + 1) still hold every
 *   domain's unmet min (its own counted after this item);
 * - among eligible domains the preferred one has the largest deficit  weight·(n + 1) − count  (ties: larger
 *   weight, then name);
 * - items of a domain without a constraint are ineligible once any constraint is given;
 * - a stopping rule may end the test only when every min is met (`minimumsMet`).
 * weight is the domain's target share of the test (≥ 0); min ≤ max are item counts in the administered test.
 */

/** A blueprint row: the administered test holds between min and max items of the domain, aiming at weight. */
export interface ContentConstraint {
  readonly domain: string;
  readonly min: number;
  readonly max: number;
  readonly weight: number;
}

function unmet(constraint: ContentConstraint, counts: Readonly<Record<string, number>>): number {
  return Math.max(0, constraint.min - (counts[constraint.domain] ?? 0));
}

/**
 * The domains the next item may come from, most preferred first; undefined when there are no constraints
 * (any item may come next). An empty list means no domain may take another item.
 */
export function eligibleDomains(
  constraints: readonly ContentConstraint[],
  counts: Readonly<Record<string, number>>,
  maxLength: number,
): string[] | undefined {
  if (constraints.length === 0) return undefined;
  const administered = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const remainingAfter = maxLength - administered - 1;
  if (remainingAfter < 0) return [];
  const totalUnmet = constraints.reduce((sum, c) => sum + unmet(c, counts), 0);
  const eligible = constraints.filter((c) => {
    const count = counts[c.domain] ?? 0;
    if (count + 1 > c.max) return false;
    const unmetAfter = totalUnmet - (count < c.min ? 1 : 0);
    return unmetAfter <= remainingAfter;
  });
  const deficit = (c: ContentConstraint): number => c.weight * (administered + 1) - (counts[c.domain] ?? 0);
  return eligible
    .sort((x, y) => deficit(y) - deficit(x) || y.weight - x.weight || (x.domain < y.domain ? -1 : 1))
    .map((c) => c.domain);
}

/** True when every domain has reached its min (always true without constraints). */
export function minimumsMet(
  constraints: readonly ContentConstraint[],
  counts: Readonly<Record<string, number>>,
): boolean {
  return constraints.every((c) => unmet(c, counts) === 0);
}

/**
 * Blueprint problems for a maximum length, as sentences (empty when feasible): min above max, negative
 * counts, mins summing above the length, or maxima too small to fill a fixed-length test.
 */
export function contentProblems(
  constraints: readonly ContentConstraint[],
  maxLength: number,
  fillToLength: boolean,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of constraints) {
    if (seen.has(c.domain)) problems.push(`domain "${c.domain}" is constrained twice`);
    seen.add(c.domain);
    if (!(c.min >= 0 && Number.isInteger(c.min)))
      problems.push(`domain "${c.domain}": min must be a whole number ≥ 0`);
    if (!(c.max >= c.min && Number.isInteger(c.max)))
      problems.push(`domain "${c.domain}": max must be a whole number ≥ min`);
    if (!(c.weight >= 0)) problems.push(`domain "${c.domain}": weight must be ≥ 0`);
  }
  const minSum = constraints.reduce((sum, c) => sum + c.min, 0);
  const maxSum = constraints.reduce((sum, c) => sum + c.max, 0);
  if (minSum > maxLength)
    problems.push(`domain minimums sum to ${minSum}, above the maximum length ${maxLength}`);
  if (fillToLength && constraints.length > 0 && maxSum < maxLength)
    problems.push(`domain maximums sum to ${maxSum}, below the test length ${maxLength}`);
  return problems;
}
