/**
 * Validation of item content and bank files: the JSON Schema first (ajv, compiled once per module), then
 * the cross-field rules of the domain (checkItemRules), all reported as AuthoringIssue values with JSON
 * pointers. An item is checked against the schema of its own `type` only, so a broken single_choice item
 * gets single_choice errors rather than a wall of mismatches from every branch of the union.
 */
import { Type } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  type AuthoringIssue,
  ITEM_TYPES,
  type ItemContent,
  type ItemType,
} from '../server/domain/items/item.js';
import { checkItemRules } from '../server/domain/items/item-rules.js';
import {
  type BankFile,
  type BankItem,
  BankItemSchemas,
  bankEnvelopeFields,
  ItemContentSchemas,
  MAX_BANK_ITEMS,
} from './schema.js';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['uri-reference', 'date-time']);

type Checks = Record<ItemType, ValidateFunction>;
const compileEach = (schemas: Record<ItemType, object>): Checks =>
  Object.fromEntries(ITEM_TYPES.map((type) => [type, ajv.compile(schemas[type])])) as Checks;

const contentChecks = compileEach(ItemContentSchemas);
const bankItemChecks = compileEach(BankItemSchemas);
// The envelope alone: items are checked one by one below, each against the schema of its type.
const envelopeCheck = ajv.compile(
  Type.Object(
    { ...bankEnvelopeFields, items: Type.Array(Type.Unknown(), { maxItems: MAX_BANK_ITEMS }) },
    { additionalProperties: false },
  ),
);

/** RFC 6901: a property name as one JSON pointer segment. */
const segment = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

function toIssue(error: ErrorObject, prefix: string): AuthoringIssue {
  const at = prefix + error.instancePath;
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${at}/${segment(field)}`, rule: 'required', message: `${field} is required` };
  }
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return {
      path: `${at}/${segment(field)}`,
      rule: 'additionalProperties',
      message: 'is not an allowed field',
    };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { path: at, rule: 'enum', message: `must be one of: ${allowed.join(', ')}` };
  }
  return { path: at, rule: error.keyword, message: error.message ?? 'is not valid' };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Schema errors, then (only for schema-valid items) rule breaches, with paths under `prefix`. */
function itemIssues(value: unknown, checks: Checks, prefix: string): AuthoringIssue[] {
  if (!isRecord(value)) return [{ path: prefix, rule: 'type', message: 'an item must be an object' }];
  const type = value.type;
  if (type === undefined) return [{ path: `${prefix}/type`, rule: 'required', message: 'type is required' }];
  if (!ITEM_TYPES.includes(type as ItemType))
    return [{ path: `${prefix}/type`, rule: 'enum', message: `must be one of ${ITEM_TYPES.join(', ')}` }];
  const check = checks[type as ItemType];
  if (!check(value)) return (check.errors ?? []).map((error) => toIssue(error, prefix));
  return checkItemRules(value as unknown as ItemContent).map((issue) => ({
    ...issue,
    path: prefix + issue.path,
  }));
}

/** Checks one item's content (no externalId or status); paths are relative to the item, such as `/key/correct`. */
export function validateItemContent(
  value: unknown,
): { ok: true; content: ItemContent } | { ok: false; issues: AuthoringIssue[] } {
  const issues = itemIssues(value, contentChecks, '');
  return issues.length === 0 ? { ok: true, content: value as ItemContent } : { ok: false, issues };
}

function duplicateIssues(items: readonly unknown[]): AuthoringIssue[] {
  const firstSeen = new Map<string, number>();
  const issues: AuthoringIssue[] = [];
  items.forEach((item, index) => {
    const externalId = isRecord(item) ? item.externalId : undefined;
    if (typeof externalId !== 'string') return;
    const first = firstSeen.get(externalId);
    if (first === undefined) firstSeen.set(externalId, index);
    else
      issues.push({
        path: `/items/${index}/externalId`,
        rule: 'unique-external-id',
        message: `"${externalId}" is already used by /items/${first}`,
      });
  });
  return issues;
}

/**
 * Checks a whole bank file and reports every problem in every item (paths like `/items/17/options/2/text`),
 * plus duplicate externalIds. On success, items without a status come back as drafts (new objects; the
 * input is untouched).
 */
export function validateBankFile(
  value: unknown,
): { ok: true; bank: BankFile } | { ok: false; issues: AuthoringIssue[] } {
  if (!isRecord(value))
    return { ok: false, issues: [{ path: '', rule: 'type', message: 'must be an object' }] };
  if (!envelopeCheck(value)) {
    const issues = (envelopeCheck.errors ?? []).map((error) => toIssue(error, ''));
    if (!Array.isArray(value.items) || value.items.length > MAX_BANK_ITEMS) return { ok: false, issues };
    return { ok: false, issues: [...issues, ...bankItemIssues(value.items)] };
  }
  const items = value.items as unknown[];
  const issues = bankItemIssues(items);
  if (issues.length > 0) return { ok: false, issues };
  const withStatus = (items as BankItem[]).map((item) =>
    item.status ? item : { ...item, status: 'draft' as const },
  );
  return { ok: true, bank: { ...(value as BankFile), items: withStatus } };
}

function bankItemIssues(items: readonly unknown[]): AuthoringIssue[] {
  return [
    ...items.flatMap((item, index) => itemIssues(item, bankItemChecks, `/items/${index}`)),
    ...duplicateIssues(items),
  ];
}
