import { Type } from '@sinclair/typebox';
import { applyCalibration, getCalibrationRun } from '../../app/calibration/apply-calibration.js';
import { calibrateItemBank } from '../../app/calibration/calibrate-item-bank.js';
import { recordFieldTestResponses } from '../../app/calibration/record-item-responses.js';
import { runSimulationStudyForTenant } from '../../app/calibration/run-simulation-study.js';
import type { AppDeps } from '../../app/deps.js';
import { BlueprintBody } from '../certification-schemas.js';
import { ExternalId } from '../item-schemas.js';
import { defineRoute } from '../routing.js';
import { IdParams, ok, Uuid } from '../schemas.js';

const closed = { additionalProperties: false } as const;
const open = { additionalProperties: true } as const;
const PSYCHOMETRICS = ['author', 'admin'] as const;

const FieldTestResponses = Type.Object(
  {
    responses: Type.Array(
      Type.Object(
        {
          externalId: ExternalId,
          version: Type.Optional(Type.Integer({ minimum: 1 })),
          examineeRef: Type.String({ minLength: 1, maxLength: 100 }),
          score: Type.Number({ minimum: 0, maximum: 1 }),
          responseTimeSec: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
          administeredAt: Type.Optional(Type.String({ format: 'date-time' })),
        },
        closed,
      ),
      { minItems: 1, maxItems: 50_000 },
    ),
  },
  closed,
);

const CalibrationRunSchema = Type.Object({
  id: Uuid,
  model: Type.Union([Type.Literal('rasch'), Type.Literal('2pl')]),
  createdAt: Type.String({ format: 'date-time' }),
  appliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  versions: Type.Array(
    Type.Object({ key: Type.String(), itemId: Uuid, version: Type.Integer(), externalId: Type.String() }),
  ),
  report: Type.Object(
    {
      model: Type.String(),
      examinees: Type.Integer(),
      items: Type.Array(Type.Object({ itemId: Type.String(), n: Type.Integer() }, open)),
      flags: Type.Array(
        Type.Object({ itemId: Type.String(), kind: Type.String(), message: Type.String() }, open),
      ),
      converged: Type.Boolean(),
    },
    open,
  ),
});

const SimulationBody = Type.Object(
  {
    certificationId: Type.Optional(Uuid),
    blueprint: Type.Optional(BlueprintBody),
    examinees: Type.Integer({ minimum: 10, maximum: 500 }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
    population: Type.Optional(
      Type.Object(
        {
          mean: Type.Number({ minimum: -3, maximum: 3 }),
          sd: Type.Number({ exclusiveMinimum: 0, maximum: 3 }),
        },
        closed,
      ),
    ),
  },
  closed,
);

const SimulationReportSchema = Type.Object(
  {
    examinees: Type.Integer(),
    rmse: Type.Number(),
    bias: Type.Number(),
    meanSE: Type.Number(),
    meanLength: Type.Number(),
    correlation: Type.Number(),
    rmseBound: Type.Number(),
    maxExposure: Type.Number(),
    exposureChi2: Type.Number(),
    classificationAccuracy: Type.Optional(Type.Number()),
    msPerItemMean: Type.Number(),
    msPerItemP99: Type.Number(),
    wallSeconds: Type.Number(),
    seed: Type.Integer(),
    bankSize: Type.Integer(),
    blueprintVersion: Type.Union([Type.Integer(), Type.Null()]),
  },
  open,
);

/** Response data, calibration runs and simulation studies. */
export function psychometricsRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/item-responses',
      summary: 'Load scored responses from a field test run elsewhere, for calibration (all or nothing)',
      tag: 'psychometrics',
      access: PSYCHOMETRICS,
      maxBodyBytes: 8 * 1024 * 1024,
      body: FieldTestResponses,
      responses: { 201: ok('Recorded', Type.Object({ recorded: Type.Integer() })) },
      handler: async ({ actor, body, res }) => {
        res.status(201).json(await recordFieldTestResponses(deps, actor, body.responses));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/calibrations',
      summary:
        'Calibrate the bank from the responses collected: classical statistics, IRT estimates, drift flags',
      tag: 'psychometrics',
      access: PSYCHOMETRICS,
      body: Type.Object({ model: Type.Union([Type.Literal('rasch'), Type.Literal('2pl')]) }, closed),
      responses: { 201: ok('Calibration run', Type.Object({ calibration: CalibrationRunSchema })) },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ calibration: await calibrateItemBank(deps, actor, body.model) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/calibrations/:id',
      summary: 'One calibration run',
      tag: 'psychometrics',
      access: PSYCHOMETRICS,
      params: IdParams,
      responses: {
        200: ok('Calibration run', Type.Object({ calibration: CalibrationRunSchema })),
        404: ok('No such run'),
      },
      handler: async ({ actor, params, res }) => {
        res.json({ calibration: await getCalibrationRun(deps, actor.tenantId, params.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/calibrations/:id/apply',
      summary: "Write a run's estimates into the item versions' IRT parameters",
      tag: 'psychometrics',
      access: ['admin'],
      params: IdParams,
      responses: {
        200: ok(
          'Applied',
          Type.Object({ applied: Type.Array(Type.String()), skipped: Type.Array(Type.String()) }),
        ),
        404: ok('No such run'),
        409: ok('Already applied'),
      },
      handler: async ({ actor, params, res }) => {
        res.json(await applyCalibration(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/simulations',
      summary: "Simulate an adaptive exam (a certification's blueprint, or a draft one) on the active bank",
      tag: 'psychometrics',
      access: PSYCHOMETRICS,
      body: SimulationBody,
      responses: {
        200: ok('Simulation study', Type.Object({ simulation: SimulationReportSchema })),
        404: ok('No such certification'),
        422: ok('Not an adaptive blueprint, or the bank cannot run it'),
      },
      handler: async ({ actor, body, res }) => {
        res.json({ simulation: await runSimulationStudyForTenant(deps, actor, body) });
      },
    }),
  ];
}
