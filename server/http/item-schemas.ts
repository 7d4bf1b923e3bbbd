import { Type } from '@sinclair/typebox';
import { ITEM_ACTIONS, ITEM_STATUSES } from '../domain/items/lifecycle.js';
import { Uuid } from './schemas.js';

const closed = { additionalProperties: false } as const;
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/**
 * Item content. The route lets any object through and the use case checks it against
 * item-bank/item.schema.json and the cross-field rules, so each error names one item type's rule
 * (a union schema here would report every type's rules at once).
 */
export const ItemContentBody = Type.Object(
  { type: Type.String({ maxLength: 40 }) },
  { additionalProperties: true, description: 'Item content as defined by item-bank/item.schema.json' },
);

/** An external id: the key bank files and other systems know the item by. */
export const ExternalId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$' });

/** An item version as authors see it, key and parameters included. */
export const ItemSchema = Type.Object({
  id: Uuid,
  externalId: Type.String(),
  version: Type.Integer(),
  latestVersion: Type.Integer(),
  activeVersion: Type.Union([Type.Integer(), Type.Null()]),
  status: literals(ITEM_STATUSES),
  content: Type.Object({ type: Type.String() }, { additionalProperties: true }),
  irtSource: Type.Union([Type.String(), Type.Null()]),
  authorId: Type.Union([Uuid, Type.Null()]),
  reviewerId: Type.Union([Uuid, Type.Null()]),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reviewComment: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** A new item. */
export const CreateItemBody = Type.Object(
  { externalId: Type.Optional(ExternalId), content: ItemContentBody },
  closed,
);
/** New content for an item. */
export const EditItemBody = Type.Object(
  { content: ItemContentBody, baseVersion: Type.Optional(Type.Integer({ minimum: 1 })) },
  closed,
);
/** A move in the review workflow. */
export const TransitionBody = Type.Object(
  { action: literals(ITEM_ACTIONS), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  closed,
);
/** Filters of the item list. */
export const ItemListQuery = Type.Object(
  {
    status: Type.Optional(literals(ITEM_STATUSES)),
    domain: Type.Optional(Type.String({ maxLength: 63 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  closed,
);
/** A bank file (item-bank/README.md); checked item by item by the use case. */
export const BankFileBody = Type.Object(
  { format: Type.String(), version: Type.Integer(), items: Type.Array(Type.Unknown()) },
  { additionalProperties: true, description: 'A bank file as defined by item-bank/bank.schema.json' },
);
/** What an import did. */
export const ImportReportSchema = Type.Object({
  dryRun: Type.Boolean(),
  total: Type.Integer(),
  created: Type.Array(Type.String()),
  versioned: Type.Array(Type.String()),
  statusChanged: Type.Array(Type.String()),
  unchanged: Type.Integer(),
});
