/**
 * The blueprint editor's state: every input as the text the admin typed, and the settings of every delivery
 * mode, estimator, exposure method and stopping rule at once, so switching back and forth loses nothing.
 * `toBlueprint` builds what the API takes from the choices on screen; the server judges the values.
 */
import type { Blueprint } from '../types';

export type DeliveryMode = Blueprint['delivery']['mode'];
export type EstimatorMethod = 'eap' | 'map' | 'mle';
export type ExposureMethod = 'none' | 'randomesque' | 'sympson_hetter';
export type StoppingRule = 'fixed_length' | 'standard_error' | 'classification';
export type ScoringMethod = Blueprint['scoring']['method'];

/** One row of the domains table; `uid` keys the row in the list while it is edited. */
export interface DomainRow {
  uid: string;
  domain: string;
  title: string;
  weight: string;
  minCount: string;
  maxCount: string;
}

export interface BlueprintForm {
  timeLimitMin: string;
  domains: DomainRow[];
  mode: DeliveryMode;
  /** Fixed forms: item ids, one per line (commas and spaces also separate). */
  itemIds: string;
  shuffleItems: boolean;
  shuffleOptions: boolean;
  /** Linear forms: items per form. */
  length: string;
  startTheta: string;
  estimator: EstimatorMethod;
  priorMean: string;
  priorSd: string;
  exposure: ExposureMethod;
  k: string;
  targetRate: string;
  stopping: StoppingRule;
  stopLength: string;
  maxSe: string;
  minLength: string;
  maxLength: string;
  confidence: string;
  scoring: ScoringMethod;
  cutTheta: string;
  scaleEnabled: boolean;
  scaleMin: string;
  scaleMax: string;
  passScore: string;
  pointsPerLogit: string;
  passPercent: string;
  pretestCount: string;
}

let lastUid = 0;
const nextUid = () => `domain-${++lastUid}`;

/** An empty domain row. */
export function newDomainRow(): DomainRow {
  return { uid: nextUid(), domain: '', title: '', weight: '', minCount: '', maxCount: '' };
}

/** A blank blueprint with usual settings: a linear exam of 30 items, passed at 70 %. */
export function emptyBlueprintForm(): BlueprintForm {
  return {
    timeLimitMin: '60',
    domains: [newDomainRow()],
    mode: 'linear',
    itemIds: '',
    shuffleItems: true,
    shuffleOptions: true,
    length: '30',
    startTheta: '0',
    estimator: 'eap',
    priorMean: '0',
    priorSd: '1',
    exposure: 'randomesque',
    k: '3',
    targetRate: '0.25',
    stopping: 'standard_error',
    stopLength: '25',
    maxSe: '0.3',
    minLength: '20',
    maxLength: '30',
    confidence: '0.95',
    scoring: 'percent',
    cutTheta: '0',
    scaleEnabled: false,
    scaleMin: '100',
    scaleMax: '1000',
    passScore: '700',
    pointsPerLogit: '100',
    passPercent: '70',
    pretestCount: '0',
  };
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The form showing a saved blueprint (the other modes keep their usual settings). */
export function fromBlueprint(blueprint: Blueprint): BlueprintForm {
  const form = emptyBlueprintForm();
  form.timeLimitMin = text(blueprint.timeLimitMin);
  form.domains = blueprint.domains.map((d) => ({
    uid: nextUid(),
    domain: d.domain,
    title: d.title,
    weight: text(d.weight),
    minCount: text(d.minCount),
    maxCount: text(d.maxCount),
  }));
  form.pretestCount = text(blueprint.pretestCount);
  const delivery = blueprint.delivery;
  form.mode = delivery.mode;
  form.shuffleOptions = delivery.shuffleOptions;
  if (delivery.mode === 'fixed') {
    form.itemIds = delivery.itemIds.join('\n');
    form.shuffleItems = delivery.shuffleItems;
  } else if (delivery.mode === 'linear') {
    form.length = text(delivery.length);
  } else {
    form.startTheta = text(delivery.startTheta);
    form.estimator = delivery.estimator.method;
    if (delivery.estimator.method !== 'mle') {
      form.priorMean = text(delivery.estimator.priorMean);
      form.priorSd = text(delivery.estimator.priorSd);
    }
    form.exposure = delivery.exposure.method;
    if (delivery.exposure.method === 'randomesque') form.k = text(delivery.exposure.k);
    if (delivery.exposure.method === 'sympson_hetter') form.targetRate = text(delivery.exposure.targetRate);
    const stopping = delivery.stopping;
    form.stopping = stopping.rule;
    if (stopping.rule === 'fixed_length') form.stopLength = text(stopping.length);
    else {
      form.minLength = text(stopping.minLength);
      form.maxLength = text(stopping.maxLength);
      if (stopping.rule === 'standard_error') form.maxSe = text(stopping.maxSe);
      else form.confidence = text(stopping.confidence);
    }
  }
  const scoring = blueprint.scoring;
  form.scoring = scoring.method;
  if (scoring.method === 'theta') {
    form.cutTheta = text(scoring.cutTheta);
    form.scaleEnabled = scoring.scale !== undefined;
    if (scoring.scale) {
      form.scaleMin = text(scoring.scale.min);
      form.scaleMax = text(scoring.scale.max);
      form.passScore = text(scoring.scale.passScore);
      form.pointsPerLogit = text(scoring.scale.pointsPerLogit);
    }
  } else {
    form.passPercent = text(scoring.passPercent);
  }
  return form;
}

/**
 * A typed number, or NaN for an empty or unreadable input: JSON sends NaN as null, which the server refuses
 * as "must be number" at the field's path, so the error appears next to the empty input.
 */
function num(value: string): number {
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** An optional number: omitted when the input is empty. */
function optional<K extends string>(name: K, value: string): Partial<Record<K, number>> {
  return value.trim() === '' ? {} : ({ [name]: num(value) } as Record<K, number>);
}

/** The item ids of a fixed form, in the order typed. */
export function itemIdList(value: string): string[] {
  return value.split(/[\s,;]+/).filter((id) => id !== '');
}

function delivery(form: BlueprintForm): Blueprint['delivery'] {
  switch (form.mode) {
    case 'fixed':
      return {
        mode: 'fixed',
        itemIds: itemIdList(form.itemIds),
        shuffleItems: form.shuffleItems,
        shuffleOptions: form.shuffleOptions,
      };
    case 'linear':
      return { mode: 'linear', length: num(form.length), shuffleOptions: form.shuffleOptions };
    case 'adaptive':
      return {
        mode: 'adaptive',
        startTheta: num(form.startTheta),
        estimator:
          form.estimator === 'mle'
            ? { method: 'mle' }
            : { method: form.estimator, priorMean: num(form.priorMean), priorSd: num(form.priorSd) },
        exposure:
          form.exposure === 'randomesque'
            ? { method: 'randomesque', k: num(form.k) }
            : form.exposure === 'sympson_hetter'
              ? { method: 'sympson_hetter', targetRate: num(form.targetRate) }
              : { method: 'none' },
        stopping:
          form.stopping === 'fixed_length'
            ? { rule: 'fixed_length', length: num(form.stopLength) }
            : form.stopping === 'standard_error'
              ? {
                  rule: 'standard_error',
                  maxSe: num(form.maxSe),
                  minLength: num(form.minLength),
                  maxLength: num(form.maxLength),
                }
              : {
                  rule: 'classification',
                  confidence: num(form.confidence),
                  minLength: num(form.minLength),
                  maxLength: num(form.maxLength),
                },
        shuffleOptions: form.shuffleOptions,
      };
  }
}

/** The blueprint the form describes, as the API takes it. */
export function toBlueprint(form: BlueprintForm): Blueprint {
  return {
    timeLimitMin: num(form.timeLimitMin),
    domains: form.domains.map((row) => ({
      domain: row.domain.trim(),
      title: row.title.trim(),
      ...optional('weight', row.weight),
      ...optional('minCount', row.minCount),
      ...optional('maxCount', row.maxCount),
    })),
    delivery: delivery(form),
    scoring:
      form.scoring === 'theta'
        ? {
            method: 'theta',
            cutTheta: num(form.cutTheta),
            ...(form.scaleEnabled
              ? {
                  scale: {
                    min: num(form.scaleMin),
                    max: num(form.scaleMax),
                    passScore: num(form.passScore),
                    pointsPerLogit: num(form.pointsPerLogit),
                  },
                }
              : {}),
          }
        : { method: 'percent', passPercent: num(form.passPercent) },
    pretestCount: num(form.pretestCount),
  };
}
