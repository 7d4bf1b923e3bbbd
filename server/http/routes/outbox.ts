import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.js';
import { getOutboxMessage, listOutbox } from '../../app/outbox/outbox-queries.js';
import { defineRoute } from '../routing.js';
import { IdParams, ok, Uuid } from '../schemas.js';

const closed = { additionalProperties: false } as const;
const Instant = Type.String({ format: 'date-time' });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]);

/** An outgoing message in the list. */
const OutboxMessageSummarySchema = Type.Object({
  id: Uuid,
  channel: Type.Union([Type.Literal('email'), Type.Literal('webhook'), Type.Literal('socket')]),
  topic: Type.String({ description: 'What it is about, e.g. email.credential-issued' }),
  recipient: Type.String({ description: 'An e-mail address (or, later, a webhook URL)' }),
  subject: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  attempts: Type.Integer({ minimum: 0, description: 'Delivery tries so far' }),
  maxAttempts: Type.Integer({ minimum: 1 }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: "The receiving server's last refusal" }),
  createdAt: Instant,
  nextAttemptAt: Instant,
  sentAt: Type.Union([Instant, Type.Null()]),
});

/** One outgoing message with its bodies. */
const OutboxMessageSchema = Type.Composite([
  OutboxMessageSummarySchema,
  Type.Object({
    text: Type.Union([Type.String(), Type.Null()]),
    html: Type.Union([Type.String(), Type.Null()]),
  }),
]);

/** The outbox: what the platform sent, will send, or (without SMTP) keeps for admins to read. */
export function outboxRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/outbox',
      summary:
        "My tenant's outgoing e-mails, newest first: sent, waiting (kept here when no SMTP server is configured) or failed",
      tag: 'outbox',
      access: ['admin'],
      query: Type.Object(
        {
          status: Type.Optional(Status),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        },
        closed,
      ),
      responses: {
        200: ok('Messages', Type.Object({ messages: Type.Array(OutboxMessageSummarySchema) })),
      },
      handler: async ({ actor, query, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json({ messages: await listOutbox(deps, actor, query) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/outbox/:id',
      summary: 'One outgoing e-mail with its text and HTML bodies',
      tag: 'outbox',
      access: ['admin'],
      params: IdParams,
      responses: {
        200: ok('Message', Type.Object({ message: OutboxMessageSchema })),
        404: ok('No such message in my tenant'),
      },
      handler: async ({ actor, params, res }) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json({ message: await getOutboxMessage(deps, actor, params.id) });
      },
    }),
  ];
}
