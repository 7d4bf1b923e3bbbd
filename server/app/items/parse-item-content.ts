import { validateItemContent } from '../../../item-bank/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemContent } from '../../domain/items/item.js';

/** Checks authored content against the item JSON Schema and the cross-field rules; throws naming every issue. */
export function parseItemContent(value: unknown, pathPrefix = '/content'): ItemContent {
  const result = validateItemContent(value);
  if (result.ok) return result.content;
  const details = result.issues.map((issue) => ({
    path: `${pathPrefix}${issue.path === '/' ? '' : issue.path}`,
    rule: issue.rule,
    message: issue.message,
  }));
  const first = details[0];
  throw new DomainError(
    'validation_failed',
    `The item is not valid${first ? `: ${first.path} ${first.message} (${first.rule})` : ''}`,
    details,
  );
}
