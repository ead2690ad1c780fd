// "Is what is there what we asked for?" The server fills in defaults (a container's
// imagePullPolicy, a Service's clusterIP and nodePort, a Deployment's strategy), so an object is
// in line when every field the operator sets has the value it sets: the desired object is a
// subset of the observed one. And to bring it back in line, the desired fields are laid over
// what is there, keeping what the server filled in. Pure.

type Json = unknown;

const isPlainObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every field of `desired` has the same value in `observed` (arrays: same length, item by item). */
export function isSubset(desired: Json, observed: Json): boolean {
  if (desired === undefined) return true;
  if (Array.isArray(desired)) {
    return Array.isArray(observed) && observed.length === desired.length && desired.every((d, i) => isSubset(d, observed[i]));
  }
  if (isPlainObject(desired)) {
    return isPlainObject(observed) && Object.entries(desired).every(([k, d]) => isSubset(d, observed[k]));
  }
  return desired === observed;
}

/** `observed` with every field of `desired` laid over it (arrays of the same length item by item, else replaced). */
export function overlay<T>(observed: T, desired: Json): T {
  if (desired === undefined) return observed;
  if (Array.isArray(desired)) {
    return (Array.isArray(observed) && observed.length === desired.length ? desired.map((d, i) => overlay(observed[i], d)) : desired) as T;
  }
  if (isPlainObject(desired) && isPlainObject(observed)) {
    const out: Record<string, Json> = { ...observed };
    for (const [k, d] of Object.entries(desired)) out[k] = overlay(observed[k], d);
    return out as T;
  }
  return desired as T;
}
