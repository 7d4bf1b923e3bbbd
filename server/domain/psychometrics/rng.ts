/**
 * Seeded pseudo-random numbers for the pure domain. Nothing in `server/domain` may call
 * Math.random: a CAT decision, a simulation or a form draw takes an `Rng` so a seed
 * replays it exactly.
 */

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-tested), seeded
 * from one integer through splitmix32 so nearby seeds give unrelated streams.
 */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const rng: Rng = {
    next(): number {
      const t = (((a + b) >>> 0) + d) >>> 0;
      d = (d + 1) >>> 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) >>> 0;
      c = ((c << 21) | (c >>> 11)) >>> 0;
      c = (c + t) >>> 0;
      return t / 4294967296;
    },
  };
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

/** A standard normal draw (Box–Muller; the cosine branch only, so each call is independent). */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  let u = rng.next();
  while (u <= Number.EPSILON) u = rng.next();
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An integer uniformly drawn from [0, n). */
export function intBelow(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** A shuffled copy (Fisher–Yates); the input is left as it was. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = intBelow(rng, i + 1);
    const held = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = held;
  }
  return copy;
}
