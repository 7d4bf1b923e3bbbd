/**
 * The cross-field authoring rules a JSON Schema cannot express (unique ids, keys that name existing
 * options, patterns that compile, c = 0 unless 3pl, …), checked after the schema has passed.
 */
import type { AuthoringIssue, ItemContent, ItemOption } from './item.js';

/** The longest short-text pattern source accepted; with MAX_SHORT_TEXT_RESPONSE it bounds regex work. */
export const MAX_SHORT_TEXT_PATTERN = 200;

// A quantified group that ends in a quantifier, like (a+)+ or (\w*)*: the classic shape of catastrophic
// backtracking. A heuristic (overlapping alternatives such as (a|aa)+ slip through), so patterns are reviewed.
const NESTED_QUANTIFIER = /[+*}]\)[+*{]/;

/** Compiles a short-text pattern exactly as scoring does: anchored, Unicode, case-insensitive unless told. */
export function compileShortTextPattern(source: string, caseSensitive: boolean): RegExp {
  return new RegExp(`^(?:${source})$`, caseSensitive ? 'u' : 'iu');
}

function uniqueIds(list: readonly ItemOption[], at: string, rule: string): AuthoringIssue[] {
  const seen = new Set<string>();
  const issues: AuthoringIssue[] = [];
  list.forEach((entry, index) => {
    if (seen.has(entry.id))
      issues.push({ path: `${at}/${index}/id`, rule, message: `id "${entry.id}" is used twice` });
    seen.add(entry.id);
  });
  return issues;
}

/** How two texts compare for sameness: trimmed, inner white space collapsed, case folded, NFC. */
const sameness = (text: string): string => text.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();

/**
 * Entries of one list must read differently (after trimming and ignoring case): four identical options
 * make a single-choice item that no one can answer on knowledge. The message names the repeated text and
 * the entry it repeats, counted from 1 as the author sees them.
 */
function distinctTexts(
  texts: readonly string[],
  at: (index: number) => string,
  rule: string,
  noun: string,
): AuthoringIssue[] {
  const firstAt = new Map<string, number>();
  const issues: AuthoringIssue[] = [];
  texts.forEach((text, index) => {
    const key = sameness(text);
    const earlier = firstAt.get(key);
    if (earlier === undefined) firstAt.set(key, index);
    else
      issues.push({
        path: at(index),
        rule,
        message: `"${text.trim()}" repeats ${noun} ${earlier + 1}; each ${noun} must be different`,
      });
  });
  return issues;
}

const optionTexts = (list: readonly ItemOption[], at: string, noun = 'option'): AuthoringIssue[] =>
  distinctTexts(
    list.map((entry) => entry.text),
    (index) => `${at}/${index}/text`,
    `distinct-${noun}-texts`,
    noun,
  );

function textRules(content: ItemContent): AuthoringIssue[] {
  switch (content.type) {
    case 'single_choice':
    case 'multiple_response':
    case 'ordering':
      return optionTexts(content.options, '/options');
    case 'matching':
      return [
        ...optionTexts(content.prompts, '/prompts', 'prompt'),
        ...optionTexts(content.options, '/options'),
      ];
    case 'short_text':
      // A case-sensitive key may rightly accept both "pH" and "PH"; otherwise a repeat is a slip.
      return content.key.caseSensitive
        ? []
        : distinctTexts(
            content.key.accepted,
            (i) => `/key/accepted/${i}`,
            'distinct-accepted-answers',
            'answer',
          );
    default:
      return [];
  }
}

const idsOf = (list: readonly ItemOption[]): Set<string> => new Set(list.map((entry) => entry.id));

function missingOption(ids: ReadonlySet<string>, id: string, path: string): AuthoringIssue[] {
  if (ids.has(id)) return [];
  return [{ path, rule: 'key-option-exists', message: `the key names option "${id}", which the item lacks` }];
}

function keyRules(content: ItemContent): AuthoringIssue[] {
  switch (content.type) {
    case 'single_choice':
      return missingOption(idsOf(content.options), content.key.correct, '/key/correct');
    case 'multiple_response': {
      const ids = idsOf(content.options);
      const issues = content.key.correct.flatMap((id, i) => missingOption(ids, id, `/key/correct/${i}`));
      const count = content.selectCount;
      if (count !== undefined && count > content.options.length)
        issues.push({
          path: '/selectCount',
          rule: 'select-count-within-options',
          message: 'exceeds the options',
        });
      else if (count !== undefined && count !== content.key.correct.length)
        issues.push({
          path: '/selectCount',
          rule: 'select-count-matches-key',
          message: `asks for ${count} selections but the key has ${content.key.correct.length} correct options`,
        });
      return issues;
    }
    case 'true_false':
      return [];
    case 'numeric': {
      const { unit, acceptedUnits = [], toleranceMode, value } = content.key;
      const issues: AuthoringIssue[] = [];
      if (acceptedUnits.length > 0 && unit === undefined)
        issues.push({
          path: '/key/acceptedUnits',
          rule: 'accepted-units-need-unit',
          message: 'needs key.unit',
        });
      const seen = new Set(unit === undefined ? [] : [unit]);
      acceptedUnits.forEach((accepted, i) => {
        if (seen.has(accepted.unit))
          issues.push({
            path: `/key/acceptedUnits/${i}/unit`,
            rule: 'unique-units',
            message: 'is listed twice',
          });
        seen.add(accepted.unit);
      });
      if (toleranceMode === 'relative' && value === 0)
        issues.push({ path: '/key/value', rule: 'relative-tolerance-needs-nonzero-value', message: 'is 0' });
      return issues;
    }
    case 'short_text': {
      const patterns = content.key.patterns ?? [];
      const issues: AuthoringIssue[] = [];
      if (content.key.accepted.length === 0 && patterns.length === 0)
        issues.push({
          path: '/key/accepted',
          rule: 'key-needs-answer',
          message: 'needs an answer or a pattern',
        });
      patterns.forEach((source, i) => {
        if (NESTED_QUANTIFIER.test(source))
          issues.push({
            path: `/key/patterns/${i}`,
            rule: 'pattern-safe',
            message: 'has a nested quantifier',
          });
        try {
          compileShortTextPattern(source, content.key.caseSensitive);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          issues.push({ path: `/key/patterns/${i}`, rule: 'pattern-compiles', message: reason });
        }
      });
      return issues;
    }
    case 'ordering': {
      const ids = idsOf(content.options);
      const seen = new Set<string>();
      const issues = content.key.order.flatMap((id, i) => {
        const path = `/key/order/${i}`;
        if (seen.has(id)) return [{ path, rule: 'key-permutation', message: `"${id}" appears twice` }];
        seen.add(id);
        return missingOption(ids, id, path);
      });
      if (issues.length === 0 && seen.size !== ids.size)
        issues.push({ path: '/key/order', rule: 'key-permutation', message: 'must list every option once' });
      return issues;
    }
    case 'matching': {
      const optionIds = idsOf(content.options);
      const promptIds = idsOf(content.prompts);
      const issues: AuthoringIssue[] = [];
      if (content.options.length < content.prompts.length)
        issues.push({
          path: '/options',
          rule: 'enough-options',
          message: 'needs at least one option per prompt',
        });
      for (const [promptId, optionId] of Object.entries(content.key.pairs)) {
        const path = `/key/pairs/${promptId}`;
        if (!promptIds.has(promptId))
          issues.push({ path, rule: 'key-prompt-exists', message: `no prompt has id "${promptId}"` });
        issues.push(...missingOption(optionIds, optionId, path));
      }
      for (const promptId of promptIds)
        if (!Object.hasOwn(content.key.pairs, promptId))
          issues.push({
            path: '/key/pairs',
            rule: 'key-pairs-complete',
            message: `prompt "${promptId}" is unpaired`,
          });
      return issues;
    }
  }
}

function idRules(content: ItemContent): AuthoringIssue[] {
  if (content.type === 'matching')
    return [
      ...uniqueIds(content.prompts, '/prompts', 'unique-prompt-ids'),
      ...uniqueIds(content.options, '/options', 'unique-option-ids'),
    ];
  if ('options' in content) return uniqueIds(content.options, '/options', 'unique-option-ids');
  return [];
}

/**
 * The rules a schema cannot state, for content that already passed the schema: unique ids, keys that
 * name existing options (and, for ordering, a permutation), options, prompts and accepted answers that
 * differ from each other (trimmed, ignoring case), c = 0 unless 3pl, patterns that compile,
 * selectCount within the options and equal to the key, non-empty alt text on images.
 */
export function checkItemRules(content: ItemContent): AuthoringIssue[] {
  const issues = [...idRules(content), ...textRules(content), ...keyRules(content)];
  if (content.irt && content.irt.model !== '3pl' && content.irt.c !== 0)
    issues.push({
      path: '/irt/c',
      rule: 'irt-c-zero',
      message: `must be 0 for the ${content.irt.model} model`,
    });
  content.media.forEach((media, i) => {
    if (media.kind === 'image' && media.alt.trim() === '')
      issues.push({
        path: `/media/${i}/alt`,
        rule: 'image-alt-text',
        message: 'images need alternative text',
      });
  });
  return issues;
}
