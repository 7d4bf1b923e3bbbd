/**
 * The candidate's view of an item. Answer keys and IRT parameters never leave the server in a candidate
 * payload (ARCHITECTURE.md, security rules), so this builds the view field by field from what a candidate
 * needs, rather than deleting secrets from a copy: a field added to the content later stays private
 * until someone decides to show it.
 */
import { type Rng, shuffled } from '../psychometrics/rng.js';
import type { ItemContent, ItemMedia, ItemOption, ItemType } from './item.js';

/** Fields every candidate view carries. */
interface CandidateCommon {
  language: string;
  stem: string;
  media: ItemMedia[];
}

/** What a candidate sees of an item: no key, no IRT parameters, no pretest flag, no scoring rule. */
export type CandidateItem =
  | (CandidateCommon & { type: 'single_choice'; options: ItemOption[] })
  | (CandidateCommon & { type: 'multiple_response'; options: ItemOption[]; selectCount?: number })
  | (CandidateCommon & { type: 'true_false' })
  | (CandidateCommon & { type: 'numeric'; units?: string[] })
  | (CandidateCommon & { type: 'short_text' })
  | (CandidateCommon & { type: 'ordering'; options: ItemOption[] })
  | (CandidateCommon & { type: 'matching'; prompts: ItemOption[]; options: ItemOption[] });

/** The candidate view of one item type. */
export type CandidateItemOf<T extends ItemType> = Extract<CandidateItem, { type: T }>;

const copyOptions = (options: readonly ItemOption[]): ItemOption[] =>
  options.map((option) => ({ id: option.id, text: option.text }));

const arrange = (options: readonly ItemOption[], shuffle: boolean, rng: Rng): ItemOption[] =>
  copyOptions(shuffle ? shuffled(rng, options) : options);

/**
 * Builds the candidate view of an item as a new object. Options (and a matching item's options, not its
 * prompts) are shuffled with `rng` when `shuffleOptions` is set. Ordering items are always shuffled:
 * authors tend to write the things to order in their correct order, so the authored order would give the
 * key away. A numeric item lists the units a response may use (the key's unit first) but not
 * their conversion factors; a multiple-response item keeps `selectCount` ("choose 2").
 */
export function presentItem(content: ItemContent, rng: Rng): CandidateItem {
  const common: CandidateCommon = {
    language: content.language,
    stem: content.stem,
    media: content.media.map((media) => ({ ref: media.ref, kind: media.kind, alt: media.alt })),
  };
  switch (content.type) {
    case 'single_choice':
      return {
        type: content.type,
        ...common,
        options: arrange(content.options, content.shuffleOptions, rng),
      };
    case 'multiple_response': {
      const options = arrange(content.options, content.shuffleOptions, rng);
      const view: CandidateItemOf<'multiple_response'> = { type: content.type, ...common, options };
      if (content.selectCount !== undefined) view.selectCount = content.selectCount;
      return view;
    }
    case 'true_false':
    case 'short_text':
      return { type: content.type, ...common };
    case 'numeric': {
      const { unit, acceptedUnits = [] } = content.key;
      const view: CandidateItemOf<'numeric'> = { type: content.type, ...common };
      if (unit !== undefined) view.units = [unit, ...acceptedUnits.map((accepted) => accepted.unit)];
      return view;
    }
    case 'ordering':
      return { type: content.type, ...common, options: arrange(content.options, true, rng) };
    case 'matching':
      return {
        type: content.type,
        ...common,
        prompts: copyOptions(content.prompts),
        options: arrange(content.options, content.shuffleOptions, rng),
      };
  }
}
