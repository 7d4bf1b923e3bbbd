import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import type { CsvFile } from '../../app/csv-file.js';
import {
  exportCertificationAttempts,
  listCertificationAttempts,
} from '../../app/delivery/attempt-reports.js';
import { exportAttemptResponseLog, getAttemptResponseLog } from '../../app/delivery/attempt-response-log.js';
import {
  grantEligibilityException,
  listEligibilityExceptions,
  revokeEligibilityException,
} from '../../app/delivery/grant-eligibility-exception.js';
import { listAccommodations, setAccommodation } from '../../app/delivery/set-accommodation.js';
import { getCandidatePolicy, setCandidatePolicy } from '../../app/delivery/set-candidate-policy.js';
import type { AppDeps } from '../../app/deps.js';
import { createVoucherPool } from '../../app/vouchers/create-voucher-pool.js';
import { exportVoucherPool, listCertificationVoucherPools } from '../../app/vouchers/voucher-pool-queries.js';
import {
  AccommodationBody,
  AccommodationSchema,
  AdminAttemptSchema,
  AppliedToAttemptSchema,
  AttemptListQuery,
  AttemptReportQuery,
  CandidatePolicyBody,
  CandidatePolicySchema,
  ExceptionBody,
  ExceptionQuery,
  ExceptionSchema,
  LoggedResponseSchema,
  UserCertificationParams,
  VoucherPoolBody,
  VoucherPoolSchema,
} from '../exam-admin-schemas.js';
import { defineRoute } from '../routing.js';
import { file, IdParams, ok } from '../schemas.js';

const ADMIN = ['admin'] as const;
const TAG = 'exam administration';

/** Sends a CSV export as a download that no cache keeps. */
function sendCsv(res: Response, csv: CsvFile): void {
  res.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.type(csv.contentType).send(csv.body);
}

/**
 * The admin side of exam delivery: each certification's candidate policy, voucher pools and attempt reports;
 * each candidate's accommodations and eligibility exceptions. (Voiding an attempt is in attempts.ts.)
 */
export function examAdminRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications/:id/candidate-policy',
      summary: 'The rules for candidates: prerequisites, retake waits, yearly attempt limit, vouchers',
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: { 200: ok('The policy', CandidatePolicySchema), 404: ok('No such certification') },
      handler: async ({ actor, params, res }) => {
        res.json(await getCandidatePolicy(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/certifications/:id/candidate-policy',
      summary: 'Set the rules for candidates (from the next check-in)',
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      body: CandidatePolicyBody,
      responses: {
        200: ok('The policy as saved', CandidatePolicySchema),
        400: ok('A prerequisite is unknown, the certification itself, or would make a cycle'),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json(await setCandidatePolicy(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications/:id/voucher-pools',
      summary: "A certification's voucher pools, newest first, with used and remaining uses",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: {
        200: ok('Pools', Type.Object({ pools: Type.Array(VoucherPoolSchema) })),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, res }) => {
        res.json({ pools: await listCertificationVoucherPools(deps, actor, params.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/certifications/:id/voucher-pools',
      summary: 'Create a pool of voucher codes (up to 10,000), each good for some attempts until a day',
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      body: VoucherPoolBody,
      responses: {
        201: ok('The new pool (download its codes as CSV)', Type.Object({ pool: VoucherPoolSchema })),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.status(201).json({ pool: await createVoucherPool(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/voucher-pools/:id/codes.csv',
      summary: "A pool's codes as CSV: code, uses, remaining, pool, certification, expires",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: { 200: file('The codes', 'text/csv'), 404: ok('No such voucher pool') },
      handler: async ({ actor, params, res }) => {
        sendCsv(res, await exportVoucherPool(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/users/:id/accommodations',
      summary: "A candidate's accommodations (extra time, breaks) at each certification",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: {
        200: ok('Accommodations', Type.Object({ accommodations: Type.Array(AccommodationSchema) })),
        404: ok('No such user'),
      },
      handler: async ({ actor, params, res }) => {
        res.json({ accommodations: await listAccommodations(deps, actor, params.id) });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/users/:id/accommodations/:certificationId',
      summary: "Set a candidate's extra time and breaks at a certification; a live attempt gets them at once",
      tag: TAG,
      access: ADMIN,
      params: UserCertificationParams,
      body: AccommodationBody,
      responses: {
        200: ok(
          'The accommodation, and what it changed in the live attempt (if any)',
          Type.Object({
            accommodation: AccommodationSchema,
            appliedTo: Type.Union([AppliedToAttemptSchema, Type.Null()]),
          }),
        ),
        404: ok('No such user or certification'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json(await setAccommodation(deps, actor, params.id, params.certificationId, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/eligibility-exceptions',
      summary: 'Open eligibility exceptions (not yet used by a check-in), newest first',
      tag: TAG,
      access: ADMIN,
      query: ExceptionQuery,
      responses: { 200: ok('Exceptions', Type.Object({ exceptions: Type.Array(ExceptionSchema) })) },
      handler: async ({ actor, query, res }) => {
        res.json({ exceptions: await listEligibilityExceptions(deps, actor, query) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/eligibility-exceptions',
      summary: "Waive one eligibility rule for a candidate's next check-in at a certification, with a reason",
      tag: TAG,
      access: ADMIN,
      body: ExceptionBody,
      responses: {
        201: ok('The exception', Type.Object({ exception: ExceptionSchema })),
        404: ok('No such user or certification'),
        409: ok('An unused exception to this rule is already open'),
      },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ exception: await grantEligibilityException(deps, actor, body) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/eligibility-exceptions/:id',
      summary: 'Revoke an exception no check-in has used yet',
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: {
        204: ok('Revoked'),
        404: ok('No such exception'),
        409: ok('A check-in has used the exception'),
      },
      handler: async ({ actor, params, res }) => {
        await revokeEligibilityException(deps, actor, params.id);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications/:id/attempts',
      summary: "A certification's attempts and results, newest first, by check-in days and outcome",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      query: AttemptListQuery,
      responses: {
        200: ok('Attempts', Type.Object({ attempts: Type.Array(AdminAttemptSchema) })),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, query, res }) => {
        res.json({ attempts: await listCertificationAttempts(deps, actor, params.id, query) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications/:id/attempts.csv',
      summary: 'The same attempts as CSV (candidate, e-mail, status, times, result, void reason)',
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      query: AttemptReportQuery,
      responses: { 200: file('Attempts', 'text/csv'), 404: ok('No such certification') },
      handler: async ({ actor, params, query, res }) => {
        sendCsv(res, await exportCertificationAttempts(deps, actor, params.id, query));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/attempts/:id/response-log',
      summary: "An attempt's item-level data: every save with item version, score, time and θ/SE",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: {
        200: ok(
          'The attempt and its response log',
          Type.Object({ attempt: AdminAttemptSchema, responses: Type.Array(LoggedResponseSchema) }),
        ),
        404: ok('No such attempt'),
      },
      handler: async ({ actor, params, res }) => {
        res.json(await getAttemptResponseLog(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/attempts/:id/response-log.csv',
      summary: "An attempt's response log as CSV, for calibration",
      tag: TAG,
      access: ADMIN,
      params: IdParams,
      responses: { 200: file('The response log', 'text/csv'), 404: ok('No such attempt') },
      handler: async ({ actor, params, res }) => {
        sendCsv(res, await exportAttemptResponseLog(deps, actor, params.id));
      },
    }),
  ];
}
