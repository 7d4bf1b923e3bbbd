import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.js';
import { createItem } from '../../app/items/create-item.js';
import { editItem } from '../../app/items/edit-item.js';
import { exportItemBank } from '../../app/items/export-item-bank.js';
import { importItemBank } from '../../app/items/import-item-bank.js';
import { getItem, listItems } from '../../app/items/item-queries.js';
import { transitionItem } from '../../app/items/transition-item.js';
import {
  BankFileBody,
  CreateItemBody,
  EditItemBody,
  ImportReportSchema,
  ItemListQuery,
  ItemSchema,
  TransitionBody,
} from '../item-schemas.js';
import { defineRoute } from '../routing.js';
import { IdParams, ok } from '../schemas.js';

const closed = { additionalProperties: false } as const;
const AUTHORING = ['author', 'admin'] as const;

/** Item authoring, review and bank import/export. */
export function itemRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/items',
      summary: 'Items of my bank (latest version of each), filtered by status, domain or text',
      tag: 'items',
      access: AUTHORING,
      query: ItemListQuery,
      responses: {
        200: ok(
          'One page of items, how many match in all, and every domain of the bank',
          Type.Object({
            items: Type.Array(ItemSchema),
            total: Type.Integer({ minimum: 0, description: 'items matching the filter, on every page' }),
            domains: Type.Array(Type.String(), { description: "every domain of the bank's items, sorted" }),
          }),
        ),
      },
      handler: async ({ actor, query, res }) => {
        res.json(await listItems(deps, actor, query));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/items',
      summary: 'Write a new item (version 1, draft)',
      tag: 'items',
      access: AUTHORING,
      body: CreateItemBody,
      responses: {
        201: ok('Created item', Type.Object({ item: ItemSchema })),
        409: ok('External id in use'),
      },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ item: await createItem(deps, actor, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/items/:id',
      summary: 'One item with all its versions',
      tag: 'items',
      access: AUTHORING,
      params: IdParams,
      responses: {
        200: ok('Item', Type.Object({ item: ItemSchema, versions: Type.Array(ItemSchema) })),
        404: ok('No such item'),
      },
      handler: async ({ actor, params, res }) => {
        res.json(await getItem(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/items/:id',
      summary: 'Change an item: drafts change in place, active items get a new draft version',
      tag: 'items',
      access: AUTHORING,
      params: IdParams,
      body: EditItemBody,
      responses: {
        200: ok('Item', Type.Object({ item: ItemSchema })),
        404: ok('No such item'),
        409: ok('Edited from an outdated version'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json({ item: await editItem(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/items/:id/transitions',
      summary: 'Submit for review, approve, reject (with a comment) or retire the latest version',
      tag: 'items',
      access: AUTHORING,
      params: IdParams,
      body: TransitionBody,
      responses: {
        200: ok('Item', Type.Object({ item: ItemSchema })),
        403: ok('Reviewing your own item'),
        404: ok('No such item'),
        409: ok('Not allowed from the current status'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json({ item: await transitionItem(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/item-bank/import',
      summary: 'Import a bank file, all or nothing (dryRun=true reports without writing)',
      tag: 'items',
      access: ['admin'],
      maxBodyBytes: 32 * 1024 * 1024,
      query: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, closed),
      body: BankFileBody,
      responses: { 200: ok('What the import did', ImportReportSchema) },
      handler: async ({ actor, query, body, res }) => {
        res.json(await importItemBank(deps, actor, body, { dryRun: query.dryRun ?? false }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/item-bank/export',
      summary: 'My bank as one file in the import format',
      tag: 'items',
      access: AUTHORING,
      responses: { 200: ok('Bank file', BankFileBody) },
      handler: async ({ actor, res }) => {
        res.json(await exportItemBank(deps, actor.tenantId, `${deps.publicUrl} (${actor.tenantSlug})`));
      },
    }),
  ];
}
