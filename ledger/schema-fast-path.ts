import type * as z from 'zod';

/** What a schema's fast path answers when zod is needed: for a value zod would refuse or change. */
export const ASK_ZOD: unique symbol = Symbol('ask zod');

/**
 * What zod makes of a value it accepts unchanged (no default filled in, no unknown key dropped):
 * a copy with the keys in the schema's order, as zod's own output has them. Derived from the zod
 * schema, which stays the one definition and the one judge: an output is only ever given where zod
 * would give the same (each check is zod's own, run as zod runs it); ASK_ZOD means "ask zod", which
 * gives the verdict and the message. A kind of schema not known here (transforms, lazy, records …)
 * always answers ASK_ZOD.
 *
 * Why: at `cchc verify`'s start zod's parse of a short ledger cost more than a tenth of the run, most
 * of it zod's machinery met for the first time; these closures are a few lines each.
 */
export type FastPath = (value: unknown) => unknown;

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck;

const ASK: FastPath = () => ASK_ZOD;

export function schemaFastPath(schema: Schema): FastPath {
  return compile(schema, new Map());
}

/** Each sub-schema once (events share their envelope's schemas). */
function compile(schema: Schema, compiled: Map<Schema, FastPath>): FastPath {
  let fast = compiled.get(schema);
  if (fast === undefined) {
    fast = withChecks(schema, ofType(schema, compiled));
    compiled.set(schema, fast);
  }
  return fast;
}

function ofType(schema: Schema, compiled: Map<Schema, FastPath>): FastPath {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const inner = (key: string) => compile(def[key] as Schema, compiled);
  switch (def.type) {
    case 'string':
      return def.coerce ? ASK : (value) => (typeof value === 'string' ? value : ASK_ZOD);
    case 'number':
      return def.coerce ? ASK : (value) => (typeof value === 'number' && Number.isFinite(value) ? value : ASK_ZOD);
    case 'boolean':
      return def.coerce ? ASK : (value) => (typeof value === 'boolean' ? value : ASK_ZOD);
    case 'literal':
    case 'enum': {
      const values = schema._zod.values!;
      return (value) => (values.has(value as never) ? value : ASK_ZOD);
    }
    // Undefined never comes out of JSON: an absent key is the object's to judge.
    case 'optional':
    case 'default': {
      const fast = inner('innerType');
      return (value) => (value === undefined ? ASK_ZOD : fast(value));
    }
    case 'nullable': {
      const fast = inner('innerType');
      return (value) => (value === null ? null : fast(value));
    }
    // What `in` makes of the value goes on to `out`, as in zod.
    case 'pipe': {
      const [first, then] = [inner('in'), inner('out')];
      return (value) => {
        const between = first(value);
        return between === ASK_ZOD ? ASK_ZOD : then(between);
      };
    }
    case 'array': {
      const element = inner('element');
      return (value) => {
        if (!Array.isArray(value)) return ASK_ZOD;
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) if ((out[i] = element(value[i])) === ASK_ZOD) return ASK_ZOD;
        return out;
      };
    }
    case 'object':
      return ofObject(def as unknown as z.core.$ZodObjectDef, compiled);
    case 'union':
      return ofUnion(schema, def as unknown as z.core.$ZodDiscriminatedUnionDef, compiled);
    default:
      return ASK;
  }
}

/** Every key the value has is in the shape, and holds; a key it lacks is one the shape may leave out (plainly optional, no default). */
function ofObject(def: z.core.$ZodObjectDef, compiled: Map<Schema, FastPath>): FastPath {
  const shape = def.shape as Record<string, Schema>;
  const keys = Object.keys(shape);
  // zod leaves a shape's `__proto__` out of its output, and a symbol key is no JSON.
  if (keys.includes('__proto__') || Object.getOwnPropertySymbols(shape).length > 0) return ASK;
  const fields = keys.map((key) => ({
    key,
    fast: compile(shape[key]!, compiled),
    omissible: shape[key]!._zod.optin === 'optional' && shape[key]!._zod.optout === 'optional',
  }));
  const known = new Set(keys);
  return (value) => {
    if (!isObject(value)) return ASK_ZOD;
    // An unknown key is refused (strict) or dropped from the output (strip): either way, ask zod.
    for (const key in value) if (!known.has(key)) return ASK_ZOD;
    const out: Record<string, unknown> = {};
    for (const { key, fast, omissible } of fields) {
      if (!(key in value)) {
        if (omissible) continue;
        return ASK_ZOD;
      }
      if ((out[key] = fast(value[key])) === ASK_ZOD) return ASK_ZOD;
    }
    return out;
  };
}

/** A discriminated union: the option its discriminator names. Another union: only of literal values. */
function ofUnion(schema: Schema, def: z.core.$ZodDiscriminatedUnionDef, compiled: Map<Schema, FastPath>): FastPath {
  const discriminator = def.discriminator as string | undefined;
  if (discriminator === undefined) {
    const values = schema._zod.values;
    return values ? (value) => (values.has(value as never) ? value : ASK_ZOD) : ASK;
  }
  const options = new Map<unknown, FastPath>();
  for (const option of def.options as Schema[]) {
    for (const tag of option._zod.propValues?.[discriminator] ?? []) {
      // zod refuses a union whose options share a tag; an option with none is not reached here.
      if (tag === undefined || options.has(tag)) return ASK;
      options.set(tag, compile(option, compiled));
    }
  }
  return (value) => {
    if (!isObject(value)) return ASK_ZOD;
    const fast = options.get(value[discriminator]);
    return fast === undefined ? ASK_ZOD : fast(value);
  };
}

/** The schema's own checks (.min, .regex, .refine …) on what its type made, each zod's own, none allowed to change it. */
function withChecks(schema: Schema, ofType: FastPath): FastPath {
  const own = (schema._zod.def.checks ?? []) as Check[];
  const checks = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check, ...own] : own;
  if (checks.length === 0) return ofType;
  if (checks.some((check) => check._zod.def.check === 'overwrite')) return ASK;
  return (value) => {
    const out = ofType(value);
    if (out === ASK_ZOD) return ASK_ZOD;
    for (const check of checks) if (!passes(check, out)) return ASK_ZOD;
    return out;
  };
}

function passes(check: Check, value: unknown): boolean {
  const payload: z.core.ParsePayload = { value, issues: [] };
  try {
    const result = check._zod.check(payload as z.core.ParsePayload<never>) as unknown;
    return !(result instanceof Promise) && payload.issues.length === 0 && payload.value === value;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
