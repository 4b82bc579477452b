import { describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig } from '../../../src/config/parse';
import { DEFAULT_CONFIG } from '../../../src/config/schema';

function errorsOf(search: string) {
  const r = parseConfig(search);
  if (r.ok) throw new Error(`expected ${search} to be rejected`);
  return r.errors;
}

function configOf(search: string) {
  const r = parseConfig(search);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.config;
}

describe('parseConfig', () => {
  it('returns the defaults, frozen, for an empty query', () => {
    const c = configOf('');
    expect(c).toEqual(DEFAULT_CONFIG);
    expect(Object.isFrozen(c)).toBe(true);
    expect(c.batch).toBe(32);
    expect(c.lr).toBe(0.001);
  });

  it('reads every kind of parameter', () => {
    const c = configOf(
      '?seed=7&batch=64&lr=3e-4&snapshotEvery=5&hz=90&xr=emulate&autostart=0&fresh&sharing=none&backend=wasm',
    );
    expect(c).toMatchObject({
      seed: 7,
      batch: 64,
      lr: 0.0003,
      snapshotEvery: 5,
      hz: 90,
      xr: 'emulate',
      autostart: false,
      fresh: true,
      sharing: 'none',
      backend: 'wasm',
    });
  });

  it('accepts the boundaries of every integer range', () => {
    expect(configOf(`?batch=1`).batch).toBe(1);
    expect(configOf(`?batch=512`).batch).toBe(512);
    expect(configOf('?seed=0').seed).toBe(0);
    expect(configOf('?seed=2147483647').seed).toBe(2147483647);
    expect(configOf('?lr=1').lr).toBe(1);
  });

  it('rejects values just outside the ranges, naming the parameter and what is accepted', () => {
    const [e] = errorsOf('?batch=513');
    expect(e).toMatchObject({ param: 'batch', value: '513' });
    expect(e!.accepted).toBe('an integer from 1 to 512');
    expect(e!.message).toContain('"batch"');
    expect(errorsOf('?batch=0')[0]!.param).toBe('batch');
    expect(errorsOf('?lr=0')[0]!.param).toBe('lr');
    expect(errorsOf('?lr=1.0001')[0]!.param).toBe('lr');
    expect(errorsOf('?seed=2147483648')[0]!.param).toBe('seed');
  });

  it('rejects a learning rate that is not a number', () => {
    const [e] = errorsOf('?lr=banana');
    expect(e).toMatchObject({ param: 'lr', value: 'banana' });
    expect(e!.message).toBe('URL parameter "lr": "banana" is not a number from 0.000001 to 1.');
  });

  it('rejects a negative batch size, a fractional one and trailing junk', () => {
    expect(errorsOf('?batch=-3')[0]!.message).toContain('out of range');
    expect(errorsOf('?batch=2.5')[0]!.param).toBe('batch');
    expect(errorsOf('?batch=32px')[0]!.param).toBe('batch');
    expect(errorsOf('?lr=0.01x')[0]!.param).toBe('lr');
    expect(errorsOf('?lr=Infinity')[0]!.param).toBe('lr');
  });

  it('rejects unknown parameters and names the known ones', () => {
    const [e] = errorsOf('?colour=red');
    expect(e!.param).toBe('colour');
    expect(e!.message).toContain('unknown parameter');
    expect(e!.message).toContain('seed');
  });

  it('rejects enum values outside the list', () => {
    expect(errorsOf('?hz=60')[0]!.accepted).toBe('one of 72, 80, 90, 120, auto');
    expect(errorsOf('?sharing=partial')[0]!.param).toBe('sharing');
    expect(errorsOf('?xr=yes')[0]!.param).toBe('xr');
  });

  it('rejects booleans that are not true, false, 1 or 0', () => {
    expect(errorsOf('?autostart=maybe')[0]!.param).toBe('autostart');
    expect(configOf('?autostart=false').autostart).toBe(false);
    expect(configOf('?autostart=true').autostart).toBe(true);
  });

  it('reports every bad parameter at once, and repeated ones', () => {
    const errs = errorsOf('?lr=banana&batch=-3&batch=4&nope=1');
    expect(errs.map((e) => e.param).sort()).toEqual(['batch', 'batch', 'lr', 'nope']);
  });

  it('serialises a config back to a link that parses to the same config', () => {
    const c = configOf('?seed=9&lr=0.01&hz=120&sharing=none');
    expect(serializeConfig(c)).toBe('?seed=9&lr=0.01&hz=120&sharing=none');
    expect(configOf(serializeConfig(c))).toEqual(c);
    expect(serializeConfig(DEFAULT_CONFIG)).toBe('');
  });

  it('reports keys named like Object.prototype members as unknown parameters, without throwing', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const errors = errorsOf(`?${key}=1`);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ param: key, value: '1' });
      expect(errors[0]!.message).toContain('unknown parameter');
    }
    // Beside a good parameter, the prototype key does not leak into the config either.
    const errors = errorsOf('?seed=7&__proto__=x&constructor=y');
    expect(errors.map((e) => e.param)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(DEFAULT_CONFIG)).toBe(Object.prototype);
  });

  it('refuses a learning rate below 1e-6 and names the range', () => {
    const [e] = errorsOf('?lr=1e-300');
    expect(e).toMatchObject({ param: 'lr', value: '1e-300' });
    expect(e!.accepted).toBe('a number from 0.000001 to 1');
    expect(e!.message).toBe(
      'URL parameter "lr": 1e-300 is out of range (a number from 0.000001 to 1).',
    );
    expect(errorsOf('?lr=9.99e-7')[0]!.param).toBe('lr');
    expect(configOf('?lr=1e-6').lr).toBe(1e-6);
  });

  it('accepts every frame rate Quest offers, and auto', () => {
    expect(configOf('?hz=72').hz).toBe(72);
    expect(configOf('?hz=80').hz).toBe(80);
    expect(configOf('?hz=90').hz).toBe(90);
    expect(configOf('?hz=120').hz).toBe(120);
    expect(configOf('?hz=auto').hz).toBe('auto');
    expect(errorsOf('?hz=75')[0]!.param).toBe('hz');
  });
});
