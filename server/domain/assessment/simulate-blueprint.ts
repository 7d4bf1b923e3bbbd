import type { CatItem } from '../psychometrics/cat-bank.js';
import { prepareCatBank } from '../psychometrics/cat-bank.js';
import { validateCatConfig } from '../psychometrics/cat-config.js';
import {
  computeSympsonHetterParameters,
  operationalExposurePlan,
} from '../psychometrics/exposure/sympson-hetter-calibration.js';
import { normal, type Rng } from '../psychometrics/rng.js';
import { runSimulationStudy, type SimulationResult } from '../psychometrics/simulation.js';
import { catConfigFromBlueprint } from './adaptive-config.js';
import type { Blueprint } from './blueprint.js';

/** A pre-launch study of an adaptive blueprint on a bank: who is simulated, and how many. */
export interface BlueprintStudy {
  readonly blueprint: Blueprint;
  readonly items: readonly CatItem[];
  readonly examinees: number;
  /** Mean and SD of the simulated candidates' θ (the population the programme expects). */
  readonly population: { readonly mean: number; readonly sd: number };
}

/** A study's outcome: its figures, or why it could not run. */
export type BlueprintStudyOutcome =
  | { readonly ran: true; readonly result: SimulationResult }
  | { readonly ran: false; readonly reason: 'not_adaptive' }
  | { readonly ran: false; readonly reason: 'infeasible'; readonly problems: readonly string[] };

/**
 * Simulated candidates (θ ~ N(mean, sd)) take the adaptive exam the blueprint describes. Sympson–Hetter
 * parameters, when the blueprint asks for them, come from a first simulation on separate simulees.
 * Blueprints that are not adaptive, or that the items cannot run, are answered with the reason.
 */
export function simulateBlueprint(
  study: BlueprintStudy,
  rng: Rng,
  timer: () => number,
): BlueprintStudyOutcome {
  const base = catConfigFromBlueprint(study.blueprint);
  if (!base) return { ran: false, reason: 'not_adaptive' };
  const bank = prepareCatBank(study.items);
  const problems = validateCatConfig(base, bank);
  if (problems.length > 0) return { ran: false, reason: 'infeasible', problems };
  const draw = () =>
    Array.from({ length: study.examinees }, () => normal(rng, study.population.mean, study.population.sd));
  const thetas = draw();
  const delivery = study.blueprint.delivery;
  let config = base;
  if (delivery.mode === 'adaptive' && delivery.exposure.method === 'sympson_hetter') {
    const plan = operationalExposurePlan(delivery.exposure.targetRate, study.examinees);
    const parameters = computeSympsonHetterParameters({
      bank,
      config: base,
      thetas: Array.from({ length: plan.calibrationSimulees }, () =>
        normal(rng, study.population.mean, study.population.sd),
      ),
      targetRate: delivery.exposure.targetRate,
      iterations: 8,
      safetyMargin: plan.safetyMargin,
      rng,
    });
    config = catConfigFromBlueprint(study.blueprint, parameters)!;
  }
  const scoring = study.blueprint.scoring;
  const result = runSimulationStudy({
    bank,
    config,
    thetas,
    ...(scoring.method === 'theta' ? { cutTheta: scoring.cutTheta } : {}),
    rng,
    timer,
  });
  return { ran: true, result };
}
