/**
 * Short-text normalisation: the same steps run on the candidate's text and on every accepted
 * answer, so that "  Load   Balancer " and "ｌｏａｄ balancer" both match "load balancer".
 */

/** The longest short-text response, in characters after normalisation, that scoring will examine. */
export const MAX_SHORT_TEXT_RESPONSE = 500;

/**
 * Normalises text for comparison:
 * 1. Unicode NFKC (UAX #15): compatibility forms fold to their plain twins, so full-width
 *    "ＶＰＣ" becomes "VPC", the ligature "ﬁ" becomes "fi" and a no-break space becomes a space;
 * 2. trim, and collapse every run of whitespace to one space;
 * 3. unless `caseSensitive`, case-fold. JavaScript has no full Unicode case folding (CaseFolding.txt),
 *    so upper-then-lower case stands in for it: that maps "ß" to "ss" and final "ς" to "σ" as folding does.
 */
export function normaliseText(text: string, caseSensitive: boolean): string {
  const spaced = text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  return caseSensitive ? spaced : spaced.toUpperCase().toLowerCase();
}

/** Whether two texts are equal once both are normalised. */
export function sameText(left: string, right: string, caseSensitive: boolean): boolean {
  return normaliseText(left, caseSensitive) === normaliseText(right, caseSensitive);
}
