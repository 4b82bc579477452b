import {
  type Config,
  type Param,
  PARAM_KEYS,
  SCHEMA,
  DEFAULT_CONFIG,
  describeAccepted,
} from './schema';

/** One bad URL parameter: which, what was given, what would have been accepted. */
export interface ConfigError {
  readonly param: string;
  readonly value: string;
  readonly accepted: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

const INT_PATTERN = /^[+-]?\d+$/;
const FLOAT_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fail(param: string, value: string, accepted: string, why?: string): ConfigError {
  const what = why ?? `"${value}" is not ${accepted}`;
  return { param, value, accepted, message: `URL parameter "${param}": ${what}.` };
}

function parseValue(param: Param, raw: string): { value: unknown } | { error: ConfigError } {
  const accepted = describeAccepted(param);
  const text = raw.trim();
  switch (param.kind) {
    case 'int': {
      if (!INT_PATTERN.test(text)) return { error: fail(param.key, raw, accepted) };
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < param.min || n > param.max) {
        return { error: fail(param.key, raw, accepted, `${text} is out of range (${accepted})`) };
      }
      return { value: n };
    }
    case 'float': {
      if (!FLOAT_PATTERN.test(text)) return { error: fail(param.key, raw, accepted) };
      const n = Number(text);
      if (!Number.isFinite(n) || n < param.min || n > param.max) {
        return { error: fail(param.key, raw, accepted, `${text} is out of range (${accepted})`) };
      }
      return { value: n };
    }
    case 'enum': {
      if (!param.values.includes(text)) return { error: fail(param.key, raw, accepted) };
      // The one numeric enum: hz=72 means the number 72.
      return { value: param.key === 'hz' && text !== 'auto' ? Number(text) : text };
    }
    case 'bool': {
      // A bare flag (`?fresh`) means true, as people type it.
      if (text === '' || text === '1' || text === 'true') return { value: true };
      if (text === '0' || text === 'false') return { value: false };
      return { error: fail(param.key, raw, accepted) };
    }
  }
}

/**
 * Parses a query string (`location.search`) into a frozen Config. Unknown parameters, repeated
 * parameters and bad values are all errors: a silent default would run something other than what
 * the link says.
 */
export function parseConfig(search: string): ParseResult {
  const params = new URLSearchParams(search);
  const errors: ConfigError[] = [];
  const out: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const seen = new Set<string>();
  for (const [name, raw] of params) {
    // Own keys only: `constructor`, `__proto__` or `toString` must read as unknown, not as
    // Object.prototype's members.
    const param = Object.hasOwn(SCHEMA, name)
      ? (SCHEMA as Record<string, Param | undefined>)[name]
      : undefined;
    if (!param) {
      errors.push(
        fail(
          name,
          raw,
          `one of ${PARAM_KEYS.join(', ')}`,
          `unknown parameter (known: ${PARAM_KEYS.join(', ')})`,
        ),
      );
      continue;
    }
    if (seen.has(name)) {
      errors.push(fail(name, raw, describeAccepted(param), 'given more than once'));
      continue;
    }
    seen.add(name);
    const parsed = parseValue(param, raw);
    if ('error' in parsed) errors.push(parsed.error);
    else out[name] = parsed.value;
  }
  // A decaying schedule decays over the run's epochs: without an end it has nothing to decay to.
  if (errors.length === 0 && out.schedule !== 'constant' && out.epochs === 0) {
    const schedule = String(out.schedule);
    errors.push(
      fail(
        'schedule',
        schedule,
        'constant when epochs is 0',
        `${schedule} decays over the run's epochs; give epochs too (for example epochs=10)`,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: Object.freeze(out as unknown as Config) };
}

/** The query string for a config, listing only what differs from the defaults. */
export function serializeConfig(config: Config): string {
  const params = new URLSearchParams();
  for (const key of PARAM_KEYS) {
    if (config[key] !== DEFAULT_CONFIG[key]) params.set(key, String(config[key]));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
