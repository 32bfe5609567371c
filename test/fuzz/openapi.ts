/**
 * Reading the API's own description: the operations in /api/openapi.json, and the routes the Fastify app really
 * serves, so the authorization matrix and the fuzzer walk every route without a hand-kept list.
 */
import type { FastifyInstance } from 'fastify';

/** The subset of JSON Schema that fastify-type-provider-zod emits for our zod schemas. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
  default?: unknown;
}

export interface OpenApiParameter { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: JsonSchema }

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  /** OpenAPI form, e.g. /api/cases/{id} */
  path: string;
  /** 'POST /api/cases/{id}/close': the key of the policy table. */
  key: string;
  pathParams: OpenApiParameter[];
  queryParams: OpenApiParameter[];
  body?: JsonSchema;
  bodyRequired: boolean;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      const params = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json'];
      ops.push({
        method: m.toUpperCase(),
        path,
        key: `${m.toUpperCase()} ${path}`,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: json?.schema ? resolveRefs(json.schema, doc) : undefined,
        bodyRequired: !!op.requestBody?.required,
      });
    }
  }
  return ops;
}

/** Inlines #/components/schemas references (none today, but a named schema must not blind the fuzzer). */
export function resolveRefs(schema: JsonSchema, doc: OpenApiDoc, depth = 0): JsonSchema {
  if (depth > 20) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`OpenAPI: unresolved reference ${schema.$ref}`);
    return resolveRefs(target, doc, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, doc, depth + 1)]));
  if (schema.items) out.items = resolveRefs(schema.items, doc, depth + 1);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (schema[k]) out[k] = schema[k]!.map((s) => resolveRefs(s, doc, depth + 1));
  return out;
}

/** '/api/cases/{id}/tasks/{taskId}/complete' → '/api/cases/:id/tasks/:taskId/complete' (Fastify's form). */
export const toFastifyPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

/** Fills the {params} of an OpenAPI path with already URL-safe strings. */
export function fillPath(openApiPath: string, params: Record<string, string>): string {
  return openApiPath.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`no value for path parameter {${name}} of ${openApiPath}`);
    return params[name];
  });
}

/**
 * Every method + path the app serves, read from Fastify's route tree (printRoutes), since routes cannot be
 * observed with an onRoute hook once the server is built. HEAD routes Fastify adds for each GET are left out.
 */
export function appRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: { method: string; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.*)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!m) continue;
    const depth = m[1].length / 4;
    const rest = m[2];
    const mm = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
    stack.length = depth;
    stack[depth] = mm[1];
    const path = stack.join('');
    if (mm[2]) for (const method of mm[2].split(',').map((s) => s.trim())) if (method !== 'HEAD') out.push({ method, path });
  }
  return out;
}
