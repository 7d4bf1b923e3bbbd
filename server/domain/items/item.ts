/**
 * The item model: what an author writes and versions (ItemContent), what a candidate submits
 * (ItemResponse); the cross-field authoring rules a JSON Schema cannot express are in item-rules.ts. The schema
 * twins of these types live in item-bank/schema.ts, which asserts at compile time that they agree.
 */
import type { ItemParameters } from '../psychometrics/irt.js';

/** Every item type, in the order documents list them. */
export const ITEM_TYPES = [
  'single_choice',
  'multiple_response',
  'true_false',
  'numeric',
  'short_text',
  'ordering',
  'matching',
] as const;
/** One of ITEM_TYPES. */
export type ItemType = (typeof ITEM_TYPES)[number];

/** A picture, recording or clip shown with the stem; `alt` describes it to those who cannot see or hear it. */
export interface ItemMedia {
  ref: string;
  kind: 'image' | 'audio' | 'video';
  alt: string;
}

/** IRT calibration as authored: c must be 0 unless the model is 3pl (see psychometrics/irt.ts). */
export interface ItemIrt {
  model: '1pl' | '2pl' | '3pl';
  a: number;
  b: number;
  c: number;
}

/** An option, prompt or thing to order: an id unique within its list and the text shown. */
export interface ItemOption {
  id: string;
  text: string;
}

/** Fields every item type shares. */
export interface ItemCommon {
  domain: string;
  objective?: string;
  tags: string[];
  language: string;
  stem: string;
  media: ItemMedia[];
  irt?: ItemIrt;
  pretest?: boolean;
}

/** One option is right. */
export interface SingleChoiceContent extends ItemCommon {
  type: 'single_choice';
  options: ItemOption[];
  shuffleOptions: boolean;
  key: { correct: string };
}

/** Several options may be right; `scoring` says how a partly right selection counts. */
export interface MultipleResponseContent extends ItemCommon {
  type: 'multiple_response';
  options: ItemOption[];
  shuffleOptions: boolean;
  selectCount?: number;
  key: { correct: string[] };
  scoring: 'all_or_nothing' | 'right_minus_wrong' | 'proportion_correct';
}

/** A statement that is true or false. */
export interface TrueFalseContent extends ItemCommon {
  type: 'true_false';
  key: { correct: boolean };
}

/** A unit the numeric key also accepts, and the factor that converts it to the key's unit. */
export interface AcceptedUnit {
  unit: string;
  factor: number;
}

/** A number, within a tolerance, optionally with a unit. */
export interface NumericContent extends ItemCommon {
  type: 'numeric';
  key: {
    value: number;
    tolerance: number;
    toleranceMode: 'absolute' | 'relative';
    unit?: string;
    acceptedUnits?: AcceptedUnit[];
  };
}

/** A word or phrase, matched after normalisation against accepted answers or anchored patterns. */
export interface ShortTextContent extends ItemCommon {
  type: 'short_text';
  key: { accepted: string[]; patterns?: string[]; caseSensitive: boolean };
}

/** Put the options into the key's order. */
export interface OrderingContent extends ItemCommon {
  type: 'ordering';
  options: ItemOption[];
  key: { order: string[] };
  scoring: 'all_or_nothing' | 'partial';
}

/** Match each prompt to one option; surplus options are distractors. */
export interface MatchingContent extends ItemCommon {
  type: 'matching';
  prompts: ItemOption[];
  options: ItemOption[];
  shuffleOptions: boolean;
  key: { pairs: Record<string, string> };
  scoring: 'all_or_nothing' | 'partial';
}

/** An item's authored content, discriminated on `type`. */
export type ItemContent =
  | SingleChoiceContent
  | MultipleResponseContent
  | TrueFalseContent
  | NumericContent
  | ShortTextContent
  | OrderingContent
  | MatchingContent;

/** What a candidate submits, by item type. */
export interface ItemResponseByType {
  single_choice: { optionId: string };
  multiple_response: { optionIds: string[] };
  true_false: { value: boolean };
  numeric: { value: number; unit?: string };
  short_text: { text: string };
  ordering: { order: string[] };
  matching: { pairs: Record<string, string> };
}
/** Any candidate response. */
export type ItemResponse = ItemResponseByType[ItemType];

/** One authoring problem: a JSON pointer into the document, the schema keyword or named rule, and prose. */
export interface AuthoringIssue {
  path: string;
  rule: string;
  message: string;
}

/** The item's 4PL-family parameters (d = 1; c = 0 unless 3pl), or undefined when it is uncalibrated. */
export function irtParametersOf(content: ItemContent): ItemParameters | undefined {
  if (!content.irt) return undefined;
  const { model, a, b, c } = content.irt;
  return { a, b, c: model === '3pl' ? c : 0, d: 1 };
}
