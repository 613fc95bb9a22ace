/** Trailing options objects: mpi4py's keyword arguments, e.g. `comm.recv({ source: 0, tag: 11 })`. */

export function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Resolves positional arguments that may end in an options object: `values[i]` is positional
 * until the first options object, whose keys then fill the remaining names. Unknown keys are
 * a TypeError. Only calls that use an options object pay for this.
 */
export function withOptions(method: string, values: unknown[], names: readonly string[], defaults: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(names.length);
  let opts: Record<string, unknown> | null = null;
  for (let i = 0; i < names.length; i++) {
    if (opts === null && isOptions(values[i])) {
      opts = values[i] as Record<string, unknown>;
      for (const k of Object.keys(opts)) {
        const j = names.indexOf(k);
        if (j < i) throw new TypeError(`${method}: unexpected option '${k}' (expected ${names.slice(i).join(', ')})`);
      }
    }
    const v = opts === null ? values[i] : opts[names[i]!];
    out[i] = v === undefined ? defaults[i] : v;
  }
  return out;
}
