/**
 * TypeBox schemas for item content, candidate responses and the bank import/export file. They give
 * ajv its JSON Schema (item-bank/validate.ts), the committed item.schema.json and bank.schema.json
 * (scripts/write-item-schemas.ts), and TypeScript types that are checked against the domain's own.
 * Every object is closed: an unknown field is an error, not silently ignored.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { ItemContent, ItemResponse, ItemType } from '../server/domain/items/item.js';
import { MAX_SHORT_TEXT_PATTERN } from '../server/domain/items/item-rules.js';
import { ITEM_STATUSES, type ItemStatus } from '../server/domain/items/lifecycle.js';

const closed = { additionalProperties: false } as const;

/** A string enum as a plain JSON Schema `enum`, so a bad value gives one `enum` error, not one per member. */
const StringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** An option, prompt or ordering-step id. */
export const OptionId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,16}$' });
const Option = Type.Object({ id: OptionId, text: Type.String({ minLength: 1, maxLength: 1000 }) }, closed);
const Options = (minItems: number, maxItems: number) => Type.Array(Option, { minItems, maxItems });
const Unit = Type.String({ minLength: 1, maxLength: 32 });
const PartialScoring = StringEnum(['all_or_nothing', 'partial'] as const);

const common = {
  domain: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'blueprint domain code' }),
  objective: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20, uniqueItems: true }),
  language: Type.String({
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
    maxLength: 35,
    description: 'BCP 47',
  }),
  stem: Type.String({ minLength: 1, maxLength: 4000 }),
  media: Type.Array(
    Type.Object(
      {
        ref: Type.String({ format: 'uri-reference', maxLength: 500 }),
        kind: StringEnum(['image', 'audio', 'video'] as const),
        alt: Type.String({ maxLength: 300, description: 'required; non-empty for images' }),
      },
      closed,
    ),
    { maxItems: 10 },
  ),
  irt: Type.Optional(
    Type.Object(
      {
        model: StringEnum(['1pl', '2pl', '3pl'] as const),
        a: Type.Number({ minimum: 0.1, maximum: 4 }),
        b: Type.Number({ minimum: -6, maximum: 6 }),
        c: Type.Number({ minimum: 0, maximum: 0.5, description: '0 unless the model is 3pl' }),
      },
      closed,
    ),
  ),
  pretest: Type.Optional(Type.Boolean({ description: 'an unscored pretest item' })),
};

const singleChoice = {
  type: Type.Literal('single_choice'),
  ...common,
  options: Options(2, 10),
  shuffleOptions: Type.Boolean(),
  key: Type.Object({ correct: OptionId }, closed),
};
const multipleResponse = {
  type: Type.Literal('multiple_response'),
  ...common,
  options: Options(2, 10),
  shuffleOptions: Type.Boolean(),
  selectCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  key: Type.Object(
    { correct: Type.Array(OptionId, { minItems: 1, maxItems: 10, uniqueItems: true }) },
    closed,
  ),
  scoring: StringEnum(['all_or_nothing', 'right_minus_wrong', 'proportion_correct'] as const),
};
const trueFalse = {
  type: Type.Literal('true_false'),
  ...common,
  key: Type.Object({ correct: Type.Boolean() }, closed),
};
const numeric = {
  type: Type.Literal('numeric'),
  ...common,
  key: Type.Object(
    {
      value: Type.Number(),
      tolerance: Type.Number({ minimum: 0 }),
      toleranceMode: StringEnum(['absolute', 'relative'] as const),
      unit: Type.Optional(Unit),
      acceptedUnits: Type.Optional(
        Type.Array(Type.Object({ unit: Unit, factor: Type.Number({ exclusiveMinimum: 0 }) }, closed), {
          maxItems: 10,
        }),
      ),
    },
    closed,
  ),
};
const shortText = {
  type: Type.Literal('short_text'),
  ...common,
  key: Type.Object(
    {
      accepted: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }),
      patterns: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: MAX_SHORT_TEXT_PATTERN }), { maxItems: 20 }),
      ),
      caseSensitive: Type.Boolean(),
    },
    closed,
  ),
};
const ordering = {
  type: Type.Literal('ordering'),
  ...common,
  options: Options(2, 10),
  key: Type.Object({ order: Type.Array(OptionId, { minItems: 2, maxItems: 10 }) }, closed),
  scoring: PartialScoring,
};
const matching = {
  type: Type.Literal('matching'),
  ...common,
  prompts: Options(2, 10),
  options: Options(2, 15),
  shuffleOptions: Type.Boolean(),
  key: Type.Object({ pairs: Type.Record(OptionId, OptionId, { ...closed, maxProperties: 10 }) }, closed),
  scoring: PartialScoring,
};

/** The content schema of each item type. */
export const ItemContentSchemas = {
  single_choice: Type.Object(singleChoice, closed),
  multiple_response: Type.Object(multipleResponse, closed),
  true_false: Type.Object(trueFalse, closed),
  numeric: Type.Object(numeric, closed),
  short_text: Type.Object(shortText, closed),
  ordering: Type.Object(ordering, closed),
  matching: Type.Object(matching, closed),
} satisfies Record<ItemType, TSchema>;

/** An item's authored content: a union on `type`. */
export const ItemContentSchema = Type.Union(Object.values(ItemContentSchemas));

const bankFields = {
  externalId: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$',
    description: 'the key re-imports match on',
  }),
  status: Type.Optional(StringEnum(ITEM_STATUSES)),
};

/** The bank-file schema of each item type: its content plus externalId and status. */
export const BankItemSchemas = {
  single_choice: Type.Object({ ...bankFields, ...singleChoice }, closed),
  multiple_response: Type.Object({ ...bankFields, ...multipleResponse }, closed),
  true_false: Type.Object({ ...bankFields, ...trueFalse }, closed),
  numeric: Type.Object({ ...bankFields, ...numeric }, closed),
  short_text: Type.Object({ ...bankFields, ...shortText }, closed),
  ordering: Type.Object({ ...bankFields, ...ordering }, closed),
  matching: Type.Object({ ...bankFields, ...matching }, closed),
} satisfies Record<ItemType, TSchema>;

/** One item in a bank file. */
export const BankItemSchema = Type.Union(Object.values(BankItemSchemas));

/** The response schema of each item type. */
export const ItemResponseSchemas = {
  single_choice: Type.Object({ optionId: OptionId }, closed),
  multiple_response: Type.Object({ optionIds: Type.Array(OptionId, { maxItems: 10 }) }, closed),
  true_false: Type.Object({ value: Type.Boolean() }, closed),
  numeric: Type.Object({ value: Type.Number(), unit: Type.Optional(Unit) }, closed),
  short_text: Type.Object({ text: Type.String({ maxLength: 1000 }) }, closed),
  ordering: Type.Object({ order: Type.Array(OptionId, { maxItems: 10 }) }, closed),
  matching: Type.Object({ pairs: Type.Record(OptionId, OptionId, { ...closed, maxProperties: 10 }) }, closed),
} satisfies Record<ItemType, TSchema>;

/** Any candidate response. */
export const ItemResponseSchema = Type.Union(Object.values(ItemResponseSchemas));

/** The fields of a bank file around its items (the items are checked one by one, see validate.ts). */
export const bankEnvelopeFields = {
  format: Type.Literal('certamen.item-bank'),
  version: Type.Literal(1),
  exportedAt: Type.Optional(Type.String({ format: 'date-time' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
};
/** The most items one bank file may hold. */
export const MAX_BANK_ITEMS = 20_000;

/** A bank import/export file (item-bank/README.md). */
export const BankFileSchema = Type.Object(
  { ...bankEnvelopeFields, items: Type.Array(BankItemSchema, { maxItems: MAX_BANK_ITEMS }) },
  closed,
);

/** One item in a bank file. */
export type BankItem = Static<typeof BankItemSchema>;
/** A bank file. */
export type BankFile = Static<typeof BankFileSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time proof that the schemas and the domain types have not drifted apart. */
export type SchemasMatchDomain = [
  Assert<Same<Static<typeof ItemContentSchema>, ItemContent>>,
  Assert<Same<Static<typeof ItemResponseSchema>, ItemResponse>>,
  Assert<Same<BankItem, ItemContent & { externalId: string; status?: ItemStatus }>>,
];

/** The JSON Schema documents committed as item-bank/item.schema.json and bank.schema.json. */
export function schemaDocuments(): Record<'item.schema.json' | 'bank.schema.json', unknown> {
  const document = (title: string, schema: TSchema) => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    ...JSON.parse(JSON.stringify(schema)),
  });
  return {
    'item.schema.json': document('Certamen item content', ItemContentSchema),
    'bank.schema.json': document('Certamen item bank file', BankFileSchema),
  };
}
