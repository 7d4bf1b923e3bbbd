/**
 * Where the certification screens show the server's validation errors. Their inputs are keyed by the JSON
 * pointer of the value they edit (`/timeLimitMin`, `/domains/0/title`, `/delivery/stopping/maxSe`), so an
 * error lands on the input its path names, or on the nearest enclosing group on screen (an error about
 * `/delivery/itemIds/3` lands on the item id list); the rest go to the summary.
 */
import { fieldSentence, labelOfPath, ruleWording, type Wording } from '../field-errors';
import type { PlacedErrors } from '../items/error-paths';
import type { ErrorDetail } from '../types';
import type { BlueprintForm } from './blueprint-form';

/** Parts of the blueprint that are unions (a mode, a method, a rule): the schema checks every branch. */
const UNIONS = ['/delivery', '/scoring'];

/**
 * The errors worth showing. The schema reports a value that fails a union against every branch: "must be
 * equal to constant" for the other modes, fields they require, fields they do not allow. The editor always
 * sends the shape of the chosen branch, so those are noise; the errors about the values themselves stay.
 */
export function usefulDetails(details: readonly ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const inUnion = UNIONS.some((root) => detail.path === root || detail.path.startsWith(`${root}/`));
    if (detail.rule === 'const' || detail.rule === 'anyOf') return false;
    if (inUnion && (detail.rule === 'required' || detail.rule === 'additionalProperties')) return false;
    const key = `${detail.path} ${detail.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the certification screens ask for, where the general wording is not specific enough. */
export function certificationWording(detail: ErrorDetail): string | null {
  const name = detail.path.split('/').at(-1) ?? '';
  if (detail.rule === 'minItems')
    return name === 'domains' ? 'list at least one domain' : 'list at least one item';
  if (detail.rule === 'pattern') return PATTERN_WORDING[name] ?? null;
  return null;
}

const PATTERN_WORDING: Record<string, string> = {
  domain: 'use lower-case letters, digits, - and _, starting with a letter or digit (as the items use it)',
  title: 'must not be empty',
  code: 'use capital letters, digits and -, 2 to 32 characters, starting with a letter or digit',
};

/**
 * Place each detail on the nearest field on screen (by JSON pointer; `labels` names every field on screen),
 * or in the summary, as a sentence naming the field.
 */
export function placeByPointer(
  details: readonly ErrorDetail[],
  labels: ReadonlyMap<string, string>,
  wording: Wording = certificationWording,
): PlacedErrors {
  const byField = new Map<string, string[]>();
  const unmapped: ErrorDetail[] = [];
  const all = details.map((detail) => {
    let field: string | null = null;
    for (let path = detail.path; path !== '' && path !== '/'; path = path.slice(0, path.lastIndexOf('/'))) {
      if (labels.has(path)) {
        field = path;
        break;
      }
    }
    const sentence = fieldSentence(
      field === null ? labelOfPath(detail.path) : (labels.get(field) ?? field),
      detail,
      wording,
    );
    if (field === null) unmapped.push(detail);
    else {
      const shown = byField.get(field) ?? [];
      // Two rules can fail with one plain meaning (an empty title breaks minLength and pattern): say it once.
      if (!shown.includes(sentence)) byField.set(field, [...shown, sentence]);
      else return null;
    }
    return { detail, field, sentence };
  });
  return { byField, unmapped, all: all.filter((entry) => entry !== null) };
}

/** An error about one entry of the fixed form's id list says which entry. */
export function blueprintWording(detail: ErrorDetail): string {
  const entry = /^\/delivery\/itemIds\/(\d+)$/.exec(detail.path)?.[1];
  const message = certificationWording(detail) ?? ruleWording(detail);
  return entry === undefined ? message : `entry ${Number(entry) + 1}: ${message}`;
}

/** Pointers of every blueprint value the form shows for its current choices, with their labels. */
export function blueprintFields(form: BlueprintForm): Map<string, string> {
  const fields = new Map<string, string>([
    ['/timeLimitMin', 'Time limit (minutes)'],
    ['/domains', 'Domains'],
  ]);
  form.domains.forEach((_, i) => {
    const row = `Domain ${i + 1}`;
    fields.set(`/domains/${i}`, row);
    fields.set(`/domains/${i}/domain`, `${row} code`);
    fields.set(`/domains/${i}/title`, `${row} title`);
    fields.set(`/domains/${i}/weight`, `${row} weight`);
    fields.set(`/domains/${i}/minCount`, `${row} min items`);
    fields.set(`/domains/${i}/maxCount`, `${row} max items`);
  });
  fields.set('/delivery', 'Delivery');
  fields.set('/delivery/mode', 'Delivery mode');
  fields.set('/delivery/shuffleOptions', 'Shuffle options');
  if (form.mode === 'fixed') {
    fields.set('/delivery/itemIds', 'Item ids');
    fields.set('/delivery/shuffleItems', 'Shuffle items');
  } else if (form.mode === 'linear') {
    fields.set('/delivery/length', 'Items per form');
  } else {
    fields.set('/delivery/startTheta', 'Starting ability (theta)');
    fields.set('/delivery/estimator', 'Ability estimator');
    fields.set('/delivery/estimator/method', 'Ability estimator');
    if (form.estimator !== 'mle') {
      fields.set('/delivery/estimator/priorMean', 'Prior mean');
      fields.set('/delivery/estimator/priorSd', 'Prior SD');
    }
    fields.set('/delivery/exposure', 'Exposure control');
    fields.set('/delivery/exposure/method', 'Exposure control');
    if (form.exposure === 'randomesque') fields.set('/delivery/exposure/k', 'Pick among the best (k)');
    if (form.exposure === 'sympson_hetter')
      fields.set('/delivery/exposure/targetRate', 'Target exposure rate');
    fields.set('/delivery/stopping', 'When the exam ends');
    fields.set('/delivery/stopping/rule', 'Stopping rule');
    if (form.stopping === 'fixed_length') fields.set('/delivery/stopping/length', 'Test length');
    else {
      fields.set('/delivery/stopping/minLength', 'Minimum length');
      fields.set('/delivery/stopping/maxLength', 'Maximum length');
      if (form.stopping === 'standard_error') fields.set('/delivery/stopping/maxSe', 'Target standard error');
      else fields.set('/delivery/stopping/confidence', 'Confidence');
    }
  }
  fields.set('/scoring', 'Scoring');
  fields.set('/scoring/method', 'Scoring method');
  if (form.scoring === 'theta') {
    fields.set('/scoring/cutTheta', 'Cut score (theta)');
    fields.set('/scoring/scale', 'Report a scaled score');
    if (form.scaleEnabled) {
      fields.set('/scoring/scale/min', 'Lowest scaled score');
      fields.set('/scoring/scale/max', 'Highest scaled score');
      fields.set('/scoring/scale/passScore', 'Passing scaled score');
      fields.set('/scoring/scale/pointsPerLogit', 'Points per logit');
    }
  } else {
    fields.set('/scoring/passPercent', 'Pass mark (%)');
  }
  fields.set('/pretestCount', 'Pretest items per form');
  return fields;
}
