/**
 * Invalid requests generated from an operation's JSON schemas (request body, path and query parameters) with
 * fast-check. Each request starts from a schema-valid value and then gets exactly one invalid mutation, so the
 * field the server must name in its 400 is known:
 *
 *   wrong-type     a value of a JSON type the schema does not allow (or no body at all)
 *   out-of-range   below minimum / above maximum, a fraction for an integer, too short / too long, not in the enum
 *   bad-text       a string with a NUL character or a lone UTF-16 surrogate ("\uD800")
 *   bad-date       year 1000 or 9999, 2026-02-30, month 13, other layouts
 *   bad-id         integers above 2147483647 (PostgreSQL int), 0, negative; in a URL also '0x1', '1e0', '1.0', ' 1'
 *   unknown-field  an extra property on an object (bodies are strict)
 *   missing-field  a required property left out
 *   deep-junk      a deeply nested structure where a field goes
 *
 * The rule for the field a 400 must name (see acceptedErrorPaths): an entry of `errors` whose `path` equals the
 * mutated field's path, written the way the API writes it (dots between segments, array indexes as numbers,
 * e.g. `changes.firstAbsenceDay`, `cases.0.id`; a path parameter by its name, `id`). For a missing or an unknown
 * field, the path of the object that lacks it or carries it is accepted too (zod reports a missing key at the key,
 * an unknown key at its object). The whole body is named `body` (the query string `querystring`, the path
 * parameters `params`). A URL whose percent-encoding is not UTF-8 cannot be decoded by the router at all, so there
 * `params` (or `querystring`) is accepted in place of the parameter's name. Every 400 must be problem+json.
 */
import fc from 'fast-check';
import type { JsonSchema, Operation } from './openapi.ts';
import { fillPath } from './openapi.ts';

export type Segment = string | number;
export type Context = 'body' | 'params' | 'querystring';
export type MutationKind = 'wrong-type' | 'out-of-range' | 'bad-text' | 'bad-date' | 'bad-id' | 'unknown-field' | 'missing-field' | 'deep-junk';

export interface Mutation {
  kind: MutationKind;
  context: Context;
  path: Segment[];
  /** What was put there, for the failure report. */
  what: string;
}

export interface FuzzRequest {
  method: string;
  url: string;
  /** The JSON body as sent (undefined: no body). */
  body: unknown;
  mutation: Mutation;
}

export type StringKind = 'date' | 'cpr' | 'cvr' | 'email';

export interface Hints {
  /** Realistic values for path parameters by name (a Team Nord case for `id`, one of its tasks for `taskId`). */
  pathValues: Record<string, string | number>;
  /** Fields pinned to one valid value, whatever the schema allows, e.g. `version` to a stale one so that a body the server wrongly accepts still writes nothing. */
  pins?: Record<string, unknown>;
  /** What a string field holds when the schema does not say (zod's refinements do not reach the OpenAPI document). */
  stringKind?: (name: string, schema: JsonSchema) => StringKind | undefined;
}

/** Field names that hold dates in retur's API (the OpenAPI document has no `format: date` for them yet). */
const DATE_NAME = /^(due|asOf|date|week|from|to|received|requested|letterSent|effectiveFrom|plannedFor|heldOn|exitDate)$|(Day|Date|Return|Received|Sent|Requested|On|For|From|Before|FollowUp)$/;

export function defaultStringKind(name: string, schema: JsonSchema): StringKind | undefined {
  if (schema.format === 'date') return 'date';
  if (schema.format === 'email') return 'email';
  if (schema.enum || schema.pattern) return undefined;
  if (name === 'cpr') return 'cpr';
  if (/cvr$/i.test(name)) return 'cvr';
  if (DATE_NAME.test(name)) return 'date';
  return undefined;
}

const MAX_INT = 2_147_483_647;

// ---------------------------------------------------------------- schema helpers

const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** The JSON types a schema admits, across its branches ('integer' implies nothing about 'number'). */
function allowedTypes(s: JsonSchema): Set<string> {
  const out = new Set<string>();
  const alts = s.anyOf ?? s.oneOf;
  if (alts) for (const a of alts) for (const t of allowedTypes(a)) out.add(t);
  if (s.allOf?.length) for (const t of allowedTypes(s.allOf[0])) out.add(t);
  if (s.enum) for (const v of s.enum) out.add(jsonType(v));
  if (s.const !== undefined) out.add(jsonType(s.const));
  if (s.type) for (const t of Array.isArray(s.type) ? s.type : [s.type]) out.add(t);
  if (!alts && !s.enum && s.const === undefined && !s.type) {
    if (s.properties) out.add('object');
    else for (const t of ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']) out.add(t); // {} admits anything
  }
  if (out.has('number')) out.add('integer');
  return out;
}

/** The branch of a union that a (valid) value came from, with single types split out of `type: [..]`. */
function branchOf(s: JsonSchema, v: unknown): JsonSchema {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const hit = alts.find((a) => accepts(a, v)) ?? alts[0];
    return branchOf(hit, v);
  }
  if (s.allOf?.length) return branchOf(s.allOf[0], v);
  if (Array.isArray(s.type)) {
    const t = jsonType(v);
    const single = s.type.find((x) => x === t || (x === 'number' && t === 'integer')) ?? s.type[0];
    return { ...s, type: single };
  }
  return s;
}

function accepts(s: JsonSchema, v: unknown): boolean {
  if (s.enum) return s.enum.some((e) => e === v);
  if (s.const !== undefined) return s.const === v;
  return allowedTypes(s).has(jsonType(v));
}

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type) ?? (s.properties ? 'object' : undefined);

// ---------------------------------------------------------------- valid values

const digits = (n: number, len: number) => String(n).padStart(len, '0');
const dateArb = fc.record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${digits(m, 2)}-${digits(d, 2)}`);
const cprArb = fc.record({ yy: fc.integer({ min: 30, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), c: fc.integer({ min: 0, max: 3 }), rest: fc.integer({ min: 0, max: 999 }) })
  .map(({ yy, m, d, c, rest }) => `${digits(d, 2)}${digits(m, 2)}${digits(yy, 2)}${c}${digits(rest, 3)}`);
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1];
/** CVR: 8 digits, weighted sum (2,7,6,5,4,3,2,1) divisible by 11. */
const cvrArb = fc.integer({ min: 1_000_000, max: 9_999_999 })
  .map((n) => { const s = String(n); const sum = [...s].reduce((a, ch, i) => a + CVR_WEIGHTS[i] * Number(ch), 0); return { s, check: (11 - (sum % 11)) % 11 }; })
  .filter(({ check }) => check < 10)
  .map(({ s, check }) => `${s}${check}`);
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;
const TEXT_CHARS = [...'abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789'];

function stringArb(s: JsonSchema, name: string, h: Hints): fc.Arbitrary<string> {
  const kind = (h.stringKind ?? defaultStringKind)(name, s);
  if (kind === 'date') return dateArb;
  if (kind === 'cpr') return cprArb;
  if (kind === 'cvr') return cvrArb;
  if (kind === 'email') return fc.constantFrom('borger@example.dk', 'a.b@kommune.dk');
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? min + 20, min + 20);
  // A pattern's \s admits control characters, which the API refuses in any text: keep the valid value printable.
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => PRINTABLE.test(x) && x.trim().length >= min && x.length <= (s.maxLength ?? Infinity));
  return fc.string({ unit: fc.constantFrom(...TEXT_CHARS), minLength: Math.max(min, 1), maxLength: Math.max(max, 1) });
}

export function validArb(s: JsonSchema, name: string, h: Hints, depth = 0): fc.Arbitrary<unknown> {
  if (h.pins && name in h.pins) return fc.constant(h.pins[name]);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => validArb(a, name, h, depth)));
  if (s.allOf?.length) return validArb(s.allOf[0], name, h, depth);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => validArb({ ...s, type: t }, name, h, depth)));
  switch (typeOf(s)) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': {
      const lo = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0), -MAX_INT);
      const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 1000), lo + 1000, MAX_INT);
      return fc.integer({ min: lo, max: hi });
    }
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum ?? 0;
      const hi = s.maximum ?? s.exclusiveMaximum ?? lo + 1000;
      return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true, minExcluded: s.minimum === undefined && s.exclusiveMinimum !== undefined, maxExcluded: s.maximum === undefined && s.exclusiveMaximum !== undefined }).map((x) => (Object.is(x, -0) ? 0 : x));
    }
    case 'string': return stringArb(s, name, h);
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.max(min, Math.min(s.maxItems ?? min + 2, min + 2));
      return fc.array(s.items ? validArb(s.items, name, h, depth + 1) : fc.constant(null), { minLength: min, maxLength: max });
    }
    case 'object': {
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validArb(v, k, h, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<unknown>;
    }
    default: return fc.constant('x');
  }
}

// ---------------------------------------------------------------- mutations

interface Location { context: Context; path: Segment[]; schema: JsonSchema; branch: JsonSchema; name: string; value: unknown }

function locations(context: Context, schema: JsonSchema, value: unknown, path: Segment[] = [], name = ''): Location[] {
  const branch = branchOf(schema, value);
  const out: Location[] = [{ context, path, schema, branch, name, value }];
  if (value && typeof value === 'object' && !Array.isArray(value) && branch.properties) {
    for (const [k, v] of Object.entries(value)) if (branch.properties[k]) out.push(...locations(context, branch.properties[k], v, [...path, k], k));
  } else if (Array.isArray(value) && branch.items) {
    value.slice(0, 2).forEach((v, i) => out.push(...locations(context, branch.items!, v, [...path, i], name)));
  }
  return out;
}

const nested = (depth: number, kind: 'array' | 'object'): unknown => {
  let v: unknown = 'bund';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v, b: [1, null, 'x'] };
  return v;
};

const JUNK_BY_TYPE: Record<string, unknown[]> = {
  string: ['x', '2026-01-01', 'null'],
  number: [12345, -1.5],
  integer: [42],
  boolean: [true, false],
  null: [null],
  array: [[], [1, 'x', null]],
  object: [{}, { x: 1 }],
};
const BAD_TEXT = [(v: string) => `${v}\u0000`, () => '\u0000', (v: string) => `${v}\uD800`, (v: string) => `\uDC00${v}`, (v: string) => `${v.slice(0, 1)}\u0000${v.slice(1)}`];
const BAD_DATES = ['1000-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '2026-00-10', '0000-01-01', '26-02-2026', '2026-2-3', '2026-02-28T00:00:00Z', '20260228'];
const BAD_INTS = [2_147_483_648, 9_007_199_254_740_993, 1e20, 0, -1, 2.5];
/** Forms a URL parameter must not be read as a number from (Number('0x1') is 1), already URL-encoded. */
const BAD_URL_INTS = ['0x1', '1e0', '2147483648', '99999999999999999999', '-1', '0', '1.0', '%2B1', '%201', '1%00', '%D9%A1', 'abc', '%ED%A0%80'];
const BAD_URL_TEXT = ['%00', 'x%00', 'ukendt-v%C3%A6rdi', '%ED%A0%80'];
const UNKNOWN_KEYS = ['unexpected', 'isAdmin', 'role', 'teamId', 'id', 'version', 'status', 'extra'];

interface Candidate { kind: MutationKind; context: Context; path: Segment[]; variants: unknown[]; what: (i: number) => string }

/** Percent-encoding that is not UTF-8 (a lone surrogate): the router cannot decode the URL, so cannot tell which parameter it was. */
const UNDECODABLE = '%ED%A0%80';

function setAt(root: unknown, path: Segment[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}

const NO_BODY = Symbol('no body');

function bodyCandidates(body: unknown, schema: JsonSchema, h: Hints): Candidate[] {
  const out: Candidate[] = [];
  const show = (v: unknown) => (v === NO_BODY ? '(no body)' : JSON.stringify(v)?.slice(0, 80) ?? String(v));
  for (const loc of locations('body', schema, body)) {
    const allowed = allowedTypes(loc.schema);
    const b = loc.branch;
    const t = typeOf(b);
    const add = (kind: MutationKind, variants: unknown[], path = loc.path) => {
      if (variants.length) out.push({ kind, context: 'body', path, variants, what: (i) => show(variants[i]) });
    };
    // wrong type
    const wrong = Object.values(JUNK_BY_TYPE).flat().filter((v) => !allowed.has(jsonType(v)));
    // No body at all is wrong only where the body is required (a nullable body may be left out).
    add('wrong-type', loc.path.length === 0 && !allowed.has('null') ? [...wrong, NO_BODY] : wrong);
    // out of range
    const range: unknown[] = [];
    if (b.enum) range.push(...(b.enum.every((e) => typeof e === 'number') ? [0, 999] : ['ukendt-værdi', String(b.enum[0]).toUpperCase() + 'X']));
    else if (t === 'integer' || t === 'number') {
      const lo = b.minimum ?? b.exclusiveMinimum;
      const hi = b.maximum ?? b.exclusiveMaximum;
      if (lo !== undefined) range.push(b.minimum !== undefined ? lo - (t === 'integer' ? 1 : 0.25) : lo);
      if (hi !== undefined && hi < Number.MAX_SAFE_INTEGER) range.push(b.maximum !== undefined ? hi + (t === 'integer' ? 1 : 0.25) : hi);
      if (t === 'integer') range.push(((lo ?? 0) + 1) + 0.5);
    } else if (t === 'string') {
      if ((b.minLength ?? 0) > 0) range.push('', 'x'.repeat(b.minLength! - 1));
      if (b.maxLength !== undefined) range.push('x'.repeat(b.maxLength + 1));
    } else if (t === 'array' && Array.isArray(loc.value)) {
      if ((b.minItems ?? 0) > 0) range.push([]);
      if (b.maxItems !== undefined && b.maxItems <= 1000 && loc.value.length > 0) range.push(Array.from({ length: b.maxItems + 1 }, () => loc.value && (loc.value as unknown[])[0]));
    }
    add('out-of-range', range);
    // text with NUL or a lone surrogate
    if (t === 'string' && typeof loc.value === 'string') add('bad-text', BAD_TEXT.map((f) => f(loc.value as string)));
    // dates
    if (t === 'string' && (h.stringKind ?? defaultStringKind)(loc.name, b) === 'date') add('bad-date', BAD_DATES);
    // Integers outside the declared range; an id (`id`, `…Id`) is a PostgreSQL int, so above 2147483647 is wrong
    // for it even where the schema forgot the bound.
    if (t === 'integer') {
      const isId = /(^id|Id)$/.test(loc.name);
      const inRange = (n: number) => Number.isInteger(n) && n >= (b.minimum ?? (b.exclusiveMinimum ?? -Infinity) + 1e-9) && n <= (b.maximum ?? Infinity) && (b.exclusiveMaximum === undefined || n < b.exclusiveMaximum);
      add('bad-id', BAD_INTS.filter((n) => !inRange(n) || (isId && n > MAX_INT)));
    }
    // objects: an unknown field, a required field left out
    if (t === 'object' && loc.value && typeof loc.value === 'object' && !Array.isArray(loc.value)) {
      const key = UNKNOWN_KEYS.find((k) => !(b.properties ?? {})[k]) ?? '__unknown__';
      out.push({ kind: 'unknown-field', context: 'body', path: [...loc.path, key], variants: [1, 'x', null, { nested: true }], what: (i) => `${key}: ${JSON.stringify([1, 'x', null, { nested: true }][i])}` });
      for (const req of (b.required ?? []).filter((k) => k in (loc.value as object))) out.push({ kind: 'missing-field', context: 'body', path: [...loc.path, req], variants: [undefined], what: () => `(${req} left out)` });
    }
    // deep junk
    if (!(allowed.has('object') && allowed.has('array'))) add('deep-junk', [nested(40, allowed.has('object') ? 'array' : 'object'), nested(8, allowed.has('object') ? 'array' : 'object')]);
  }
  return out;
}

function urlCandidates(context: 'params' | 'querystring', name: string, schema: JsonSchema): Candidate[] {
  const t = typeOf(schema);
  const intLike = t === 'integer' || t === 'number' || /\\d|\[0-9\]/.test(schema.pattern ?? '') || /(^id|Id)$/.test(name);
  const out: Candidate[] = [];
  const variants = intLike ? BAD_URL_INTS : schema.enum ? [...BAD_URL_TEXT, 'UKENDT'] : BAD_URL_TEXT;
  const kind: MutationKind = intLike ? 'bad-id' : schema.enum ? 'out-of-range' : 'bad-text';
  out.push({ kind, context, path: [name], variants, what: (i) => `${name}=${variants[i]}` });
  if (!intLike) out.push({ kind: 'bad-text', context, path: [name], variants: ['%00', UNDECODABLE], what: (i) => `${name}=${['%00', UNDECODABLE][i]}` });
  if (schema.format === 'date' || DATE_NAME.test(name)) out.push({ kind: 'bad-date', context, path: [name], variants: BAD_DATES, what: (i) => `${name}=${BAD_DATES[i]}` });
  return out;
}

const urlValue = (v: unknown) => encodeURIComponent(String(v));

/** Invalid requests for one operation: schema-valid parts, then one mutation. */
export function invalidRequests(op: Operation, h: Hints): fc.Arbitrary<FuzzRequest> {
  const params = Object.fromEntries(op.pathParams.map((p) => [p.name, p.name in h.pathValues ? fc.constant(String(h.pathValues[p.name])) : validArb(p.schema, p.name, h).map(String)]));
  const query = fc.record(Object.fromEntries(op.queryParams.map((p) => [p.name, validArb(p.schema, p.name, h).map(String)])), { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) });
  const base = fc.record({ params: fc.record(params), query, body: op.body ? validArb(op.body, '', h) : fc.constant(undefined) });
  return base.chain((b) => {
    const candidates: Candidate[] = [
      ...(op.body ? bodyCandidates(b.body, op.body, h) : []),
      ...op.pathParams.flatMap((p) => urlCandidates('params', p.name, p.schema)),
      ...op.queryParams.flatMap((p) => urlCandidates('querystring', p.name, p.schema)),
    ];
    if (op.queryParams.length) candidates.push({ kind: 'unknown-field', context: 'querystring', path: ['unexpected'], variants: ['1'], what: () => 'unexpected=1' });
    if (!candidates.length) throw new Error(`${op.key}: nothing to mutate`);
    const kinds = [...new Set(candidates.map((c) => c.kind))];
    return fc.constantFrom(...kinds)
      .chain((kind) => fc.constantFrom(...candidates.filter((c) => c.kind === kind)))
      .chain((c) => fc.nat({ max: c.variants.length - 1 }).map((i) => build(op, b, c, i)));
  });
}

/** Whether an operation has anything to mutate (a body, path or query parameters). */
export const fuzzable = (op: Operation) => !!op.body || op.pathParams.length > 0 || op.queryParams.length > 0;

function build(op: Operation, b: { params: Record<string, string>; query: Record<string, unknown>; body: unknown }, c: Candidate, i: number): FuzzRequest {
  const params: Record<string, string> = Object.fromEntries(Object.entries(b.params).map(([k, v]) => [k, urlValue(v)]));
  const query: Record<string, string> = Object.fromEntries(Object.entries(b.query).map(([k, v]) => [k, urlValue(v)]));
  let body = b.body;
  const v = c.variants[i];
  if (c.context === 'body') body = c.kind === 'missing-field' ? setAt(b.body, c.path, undefined, true) : setAt(b.body, c.path, v);
  else if (c.context === 'params') params[c.path[0] as string] = String(v);
  else query[c.path[0] as string] = String(v);
  const qs = Object.entries(query).map(([k, val]) => `${encodeURIComponent(k)}=${val}`).join('&');
  return {
    method: op.method,
    url: fillPath(op.path, params) + (qs ? `?${qs}` : ''),
    body: body === NO_BODY ? undefined : body,
    mutation: { kind: c.kind, context: c.context, path: c.path, what: c.what(i) },
  };
}

/** The field as the API names it: `changes.firstAbsenceDay`, `cases.0.id`, `id`; the whole body is `body`. */
export const apiPath = (context: Context, path: Segment[]) => (path.length ? path.join('.') : context);

/** The error paths of which at least one must appear in the 400 (the rule in this file's header). */
export function acceptedErrorPaths(m: Mutation): string[] {
  const own = apiPath(m.context, m.path);
  if (m.context !== 'body' && m.what.includes(UNDECODABLE)) return [own, m.context];
  if (m.kind === 'unknown-field' || m.kind === 'missing-field') return [own, apiPath(m.context, m.path.slice(0, -1))];
  return [own];
}
