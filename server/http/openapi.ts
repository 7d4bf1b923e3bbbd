import type { TSchema } from '@sinclair/typebox';
import type { RouteSpec } from './routing.js';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { path: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** A schema as plain JSON (TypeBox adds symbol keys, which JSON drops anyway). */
function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

function parameters(schema: TSchema | undefined, where: 'path' | 'query') {
  const properties = (schema?.properties ?? {}) as Record<string, TSchema>;
  const required = new Set<string>((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: plain(s),
  }));
}

/** Builds the OpenAPI 3.1 document from the same route specs and schemas that validate requests. */
export function buildOpenApi(
  routes: readonly RouteSpec[],
  info: { title: string; version: string; serverUrl: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { 'application/json': { schema: plain(spec.schema) } } } : {}),
        ...(spec.mediaType
          ? { content: { [spec.mediaType]: { schema: { type: 'string', format: 'binary' } } } }
          : {}),
      };
    }
    responses['4XX'] = {
      description: 'The request was refused; nothing was changed',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public'
        ? { security: route.sessionCookie ? [{ session: [] }] : [] }
        : { security: [{ bearer: [] }], 'x-roles': route.access }),
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body
        ? {
            requestBody: {
              // mountRoutes validates `req.body ?? {}`: a body is required only when its schema requires a field.
              required: ((route.body.required as string[] | undefined) ?? []).length > 0,
              content: { 'application/json': { schema: plain(route.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        // The browser session: an httpOnly cookie set by sign-in, read by refresh and sign-out.
        session: { type: 'apiKey', in: 'cookie', name: 'certamen_session' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A readable, script-free page listing every operation, its roles and its request schema. */
export function renderApiDocsPage(routes: readonly RouteSpec[]): string {
  const rows = routes
    .map((r) => {
      const access = r.access === 'public' ? 'public' : r.access.join(', ');
      const body = r.body ? `<pre>${escapeHtml(JSON.stringify(plain(r.body), null, 2))}</pre>` : '';
      return `<section><h2><code>${r.method.toUpperCase()} ${escapeHtml(r.path)}</code></h2><p>${escapeHtml(r.summary)}</p><p>Access: <b>${escapeHtml(access)}</b></p>${body}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Certamen API</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto}section{border-bottom:1px solid #ddd}</style></head><body><h1>Certamen API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are always <code>{"error":{"code","message","details"}}</code>.</p>${rows}</body></html>`;
}
