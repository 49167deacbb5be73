import type * as z from 'zod';

/**
 * Whether a value already is what a zod schema makes of it: accepted, and its output the same JSON
 * (keys in any order: no default filled in, no unknown key stripped). Derived from the schema itself,
 * which stays the one definition and the one judge: `true` is only ever said where zod would accept
 * the value unchanged (each check is zod's own, run as zod runs it); `false` means "ask zod", which
 * gives the verdict and the message. A kind of schema not known here (transforms, lazy, records …)
 * always answers `false`.
 *
 * Why: at `cchc verify`'s start zod's parse of a short ledger cost more than a tenth of the run, most
 * of it zod's machinery met for the first time; these closures are a few lines each.
 */
export type HoldsAsIs = (value: unknown) => boolean;

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck;

const NEVER: HoldsAsIs = () => false;

export function holdsAsIs(schema: Schema): HoldsAsIs {
  return compile(schema, new Map());
}

/** Each sub-schema once (events share their envelope's schemas). */
function compile(schema: Schema, compiled: Map<Schema, HoldsAsIs>): HoldsAsIs {
  let holds = compiled.get(schema);
  if (holds === undefined) {
    holds = withChecks(schema, ofType(schema, compiled));
    compiled.set(schema, holds);
  }
  return holds;
}

function ofType(schema: Schema, compiled: Map<Schema, HoldsAsIs>): HoldsAsIs {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const inner = (key: string) => compile(def[key] as Schema, compiled);
  switch (def.type) {
    case 'string':
      return def.coerce ? NEVER : (value) => typeof value === 'string';
    case 'number':
      return def.coerce ? NEVER : (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return def.coerce ? NEVER : (value) => typeof value === 'boolean';
    case 'literal':
    case 'enum': {
      const values = schema._zod.values!;
      return (value) => values.has(value as never);
    }
    // Undefined never comes out of JSON: an absent key is the object's to judge.
    case 'optional':
    case 'default': {
      const holds = inner('innerType');
      return (value) => value !== undefined && holds(value);
    }
    case 'nullable': {
      const holds = inner('innerType');
      return (value) => value === null || holds(value);
    }
    // What `in` accepts as it is goes on to `out` as it is.
    case 'pipe': {
      const [first, then] = [inner('in'), inner('out')];
      return (value) => first(value) && then(value);
    }
    case 'array': {
      const element = inner('element');
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (const item of value) if (!element(item)) return false;
        return true;
      };
    }
    case 'object':
      return ofObject(def as unknown as z.core.$ZodObjectDef, compiled);
    case 'union':
      return ofUnion(schema, def as unknown as z.core.$ZodDiscriminatedUnionDef, compiled);
    default:
      return NEVER;
  }
}

/** Every key the value has is in the shape, and holds; a key it lacks is one the shape may leave out (plainly optional, no default). */
function ofObject(def: z.core.$ZodObjectDef, compiled: Map<Schema, HoldsAsIs>): HoldsAsIs {
  const shape = def.shape as Record<string, Schema>;
  const keys = Object.keys(shape);
  // zod leaves a shape's `__proto__` out of its output, and a symbol key is no JSON.
  if (keys.includes('__proto__') || Object.getOwnPropertySymbols(shape).length > 0) return NEVER;
  const fields = keys.map((key) => ({
    key,
    holds: compile(shape[key]!, compiled),
    omissible: shape[key]!._zod.optin === 'optional' && shape[key]!._zod.optout === 'optional',
  }));
  const known = new Set(keys);
  return (value) => {
    if (!isObject(value)) return false;
    for (const { key, holds, omissible } of fields) {
      if (!(key in value)) {
        if (omissible) continue;
        return false;
      }
      if (!holds(value[key])) return false;
    }
    // An unknown key is refused (strict) or dropped from the output (strip): either way, ask zod.
    for (const key in value) if (!known.has(key)) return false;
    return true;
  };
}

/** A discriminated union: the option its discriminator names. Another union: only of literal values. */
function ofUnion(schema: Schema, def: z.core.$ZodDiscriminatedUnionDef, compiled: Map<Schema, HoldsAsIs>): HoldsAsIs {
  const discriminator = def.discriminator as string | undefined;
  if (discriminator === undefined) {
    const values = schema._zod.values;
    return values ? (value) => values.has(value as never) : NEVER;
  }
  const options = new Map<unknown, HoldsAsIs>();
  for (const option of def.options as Schema[]) {
    for (const tag of option._zod.propValues?.[discriminator] ?? []) {
      // zod refuses a union whose options share a tag; an option with none is not reached here.
      if (tag === undefined || options.has(tag)) return NEVER;
      options.set(tag, compile(option, compiled));
    }
  }
  return (value) => {
    if (!isObject(value)) return false;
    const holds = options.get(value[discriminator]);
    return holds !== undefined && holds(value);
  };
}

/** The schema's own checks (.min, .regex, .refine …) after its type, each zod's own, none allowed to change the value. */
function withChecks(schema: Schema, ofType: HoldsAsIs): HoldsAsIs {
  const own = (schema._zod.def.checks ?? []) as Check[];
  const checks = schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check, ...own] : own;
  if (checks.length === 0) return ofType;
  if (checks.some((check) => check._zod.def.check === 'overwrite')) return NEVER;
  return (value) => {
    if (!ofType(value)) return false;
    for (const check of checks) if (!passes(check, value)) return false;
    return true;
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
