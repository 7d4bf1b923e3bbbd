import { randomInt } from 'node:crypto';
import type { Rng } from '../domain/psychometrics/rng.js';

const SCALE = 2 ** 48;

/** The operating system's cryptographic random source as the domain's Rng (48 random bits per draw). */
export const systemRng: Rng = { next: () => randomInt(0, SCALE - 1) / SCALE };
