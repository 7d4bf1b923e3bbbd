import { Type } from '@sinclair/typebox';
import type { Request } from 'express';
import { getAttempt, listMyAttempts } from '../../app/delivery/attempt-queries.js';
import { candidateCatalogue } from '../../app/delivery/catalogue.js';
import { beginCheckIn, checkIn } from '../../app/delivery/check-in.js';
import {
  openAttempt,
  pauseAttempt,
  resumeAttempt,
  startAttempt,
  submitAttempt,
} from '../../app/delivery/run-attempt.js';
import { saveResponse } from '../../app/delivery/save-response.js';
import { voidAttempt } from '../../app/delivery/void-attempt.js';
import type { AppDeps } from '../../app/deps.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import {
  AttemptSchema,
  AttemptSummarySchema,
  CatalogueEntrySchema,
  CheckInBody,
  CheckInStartSchema,
  EpochBody,
  OpenedAttemptSchema,
  ResponseSaveBody,
  VoidBody,
} from '../attempt-schemas.js';
import { defineRoute } from '../routing.js';
import { EmptyBody, IdParams, ok } from '../schemas.js';

const attemptIs = (description: string) => ok(description, Type.Object({ attempt: AttemptSchema }));

/** Where a check-in came from, for the identity record. */
const clientOf = (req: Request) => ({
  address: req.ip ?? null,
  userAgent: req.get('user-agent')?.slice(0, 512) ?? null,
});

/**
 * Exam delivery over REST, for integrators and tests; the player uses the same use cases over its socket
 * (server/realtime/attempt-socket.ts).
 */
export function attemptRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/catalogue',
      summary: 'Certifications I can sit, and whether I may start now (and if not, why and from when)',
      tag: 'exams',
      access: ['candidate'],
      responses: { 200: ok('Catalogue', Type.Object({ certifications: Type.Array(CatalogueEntrySchema) })) },
      handler: async ({ actor, res }) => {
        res.json(await candidateCatalogue(deps, actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/certifications/:id/check-in/options',
      summary: 'Start checking in for an exam: a passkey request bound to the new attempt',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EmptyBody,
      responses: { 200: ok('WebAuthn request options', CheckInStartSchema), 403: ok('Not eligible now') },
      handler: async ({ actor, params, res }) => {
        res.json(await beginCheckIn(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/certifications/:id/attempts',
      summary: 'Check in with a passkey (and a voucher when needed): the attempt is created, not yet begun',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: CheckInBody,
      responses: { 201: attemptIs('The checked-in attempt'), 403: ok('Not eligible now') },
      handler: async ({ actor, params, body, req, res }) => {
        const input = { ...body, response: body.response as unknown as AuthenticationResponseJSON };
        res.status(201).json({ attempt: await checkIn(deps, actor, params.id, input, clientOf(req)) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/me/attempts',
      summary: 'My attempts and results, newest first',
      tag: 'exams',
      access: ['candidate'],
      responses: { 200: ok('Attempts', Type.Object({ attempts: Type.Array(AttemptSummarySchema) })) },
      handler: async ({ actor, res }) => {
        res.json(await listMyAttempts(deps, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/attempts/:id',
      summary: 'An attempt as it stands (submitted first when its time ran out, scored first when submitted)',
      tag: 'exams',
      access: ['candidate', 'admin'],
      params: IdParams,
      responses: { 200: attemptIs('The attempt') },
      handler: async ({ actor, params, res }) => {
        res.json({ attempt: await getAttempt(deps, actor, params.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/start',
      summary: 'Begin a checked-in attempt: the clock starts',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EmptyBody,
      responses: { 200: ok('The running attempt and a token for its live connection', OpenedAttemptSchema) },
      handler: async ({ actor, params, res }) => {
        const attempt = await startAttempt(deps, actor, params.id);
        res.json({
          attempt,
          attemptToken: deps.tokens.issueAttemptToken(actor, attempt.id, deps.clock.now()),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/session',
      summary:
        'Open the attempt in this window (after a reload or in another tab): earlier windows become stale',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EmptyBody,
      responses: { 200: ok('The attempt and a token for its live connection', OpenedAttemptSchema) },
      handler: async ({ actor, params, res }) => {
        const attempt = await openAttempt(deps, actor, params.id);
        res.json({
          attempt,
          attemptToken: deps.tokens.issueAttemptToken(actor, attempt.id, deps.clock.now()),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/responses',
      summary:
        'Save an answer (stored before it is acknowledged; a repeat is stored once, a stale save is refused)',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: ResponseSaveBody,
      responses: { 200: attemptIs('The attempt after the answer'), 409: ok('Stale, not served, or over') },
      handler: async ({ actor, params, body, res }) => {
        res.json({ attempt: await saveResponse(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/pause',
      summary: 'Take a permitted break: the time left freezes',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EpochBody,
      responses: { 200: attemptIs('The paused attempt') },
      handler: async ({ actor, params, body, res }) => {
        res.json({ attempt: await pauseAttempt(deps, actor, params.id, body.epoch) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/resume',
      summary: 'End a break: the deadline moves on by its length',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EpochBody,
      responses: { 200: attemptIs('The running attempt') },
      handler: async ({ actor, params, body, res }) => {
        res.json({ attempt: await resumeAttempt(deps, actor, params.id, body.epoch) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/submit',
      summary:
        'Submit the attempt; it is scored a moment later (read it for the result; submitting again changes nothing)',
      tag: 'exams',
      access: ['candidate'],
      params: IdParams,
      body: EpochBody,
      responses: { 200: attemptIs('The submitted attempt (or scored, when it already was)') },
      handler: async ({ actor, params, body, res }) => {
        res.json({ attempt: await submitAttempt(deps, actor, params.id, body.epoch) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/attempts/:id/void',
      summary: 'Void a live attempt with a reason (a technical fault gives its voucher back)',
      tag: 'exams',
      access: ['admin'],
      params: IdParams,
      body: VoidBody,
      responses: { 200: attemptIs('The voided attempt') },
      handler: async ({ actor, params, body, res }) => {
        res.json({ attempt: await voidAttempt(deps, actor, params.id, body) });
      },
    }),
  ];
}
