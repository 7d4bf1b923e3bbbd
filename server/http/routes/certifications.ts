import { Type } from '@sinclair/typebox';
import {
  getCertification,
  listTenantCertifications,
} from '../../app/certifications/certification-queries.js';
import { defineCertification } from '../../app/certifications/define-certification.js';
import { checkBlueprintAgainstBank, saveBlueprint } from '../../app/certifications/save-blueprint.js';
import { updateCertification } from '../../app/certifications/update-certification.js';
import type { AppDeps } from '../../app/deps.js';
import {
  BlueprintBody,
  BlueprintSchema,
  CertificationPatchBody,
  CertificationSchema,
  DefineCertificationBody,
  FeasibilitySchema,
} from '../certification-schemas.js';
import { defineRoute } from '../routing.js';
import { IdParams, ok } from '../schemas.js';

const READERS = ['author', 'admin'] as const;

/** Certifications and their exam blueprints. */
export function certificationRoutes(deps: AppDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications',
      summary: "My programme's certifications",
      tag: 'certifications',
      access: READERS,
      responses: {
        200: ok('Certifications', Type.Object({ certifications: Type.Array(CertificationSchema) })),
      },
      handler: async ({ actor, res }) => {
        res.json({ certifications: await listTenantCertifications(deps, actor) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/certifications',
      summary: 'Define a certification: code, title, description, validity in months',
      tag: 'certifications',
      access: ['admin'],
      body: DefineCertificationBody,
      responses: {
        201: ok('Certification', Type.Object({ certification: CertificationSchema })),
        409: ok('Code in use'),
      },
      handler: async ({ actor, body, res }) => {
        res.status(201).json({ certification: await defineCertification(deps, actor, body) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/certifications/:id',
      summary: 'One certification with its current blueprint',
      tag: 'certifications',
      access: READERS,
      params: IdParams,
      responses: {
        200: ok(
          'Certification',
          Type.Object({
            certification: CertificationSchema,
            blueprint: Type.Union([BlueprintSchema, Type.Null()]),
          }),
        ),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, res }) => {
        res.json(await getCertification(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/certifications/:id',
      summary: "Change a certification's title, description or validity",
      tag: 'certifications',
      access: ['admin'],
      params: IdParams,
      body: CertificationPatchBody,
      responses: {
        200: ok('Certification', Type.Object({ certification: CertificationSchema })),
        404: ok('No such certification'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json({ certification: await updateCertification(deps, actor, params.id, body) });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/certifications/:id/blueprint',
      summary: 'Save a new blueprint version; refused with what is short when the active bank cannot meet it',
      tag: 'certifications',
      access: ['admin'],
      params: IdParams,
      body: BlueprintBody,
      responses: {
        200: ok('Saved blueprint', Type.Object({ blueprint: BlueprintSchema, report: FeasibilitySchema })),
        404: ok('No such certification'),
        422: ok('The bank cannot satisfy the blueprint'),
      },
      handler: async ({ actor, params, body, res }) => {
        res.json(await saveBlueprint(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/blueprints/check',
      summary: 'Check a blueprint against the active bank without saving it',
      tag: 'certifications',
      access: READERS,
      body: BlueprintBody,
      responses: { 200: ok('Feasibility report', FeasibilitySchema) },
      handler: async ({ actor, body, res }) => {
        res.json(await checkBlueprintAgainstBank(deps, actor, body));
      },
    }),
  ];
}
