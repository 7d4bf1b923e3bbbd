/** Fresh, valid item content of every type for the item tests; each call builds new objects. */
import type {
  ItemContent,
  ItemType,
  MatchingContent,
  MultipleResponseContent,
  NumericContent,
  OrderingContent,
  ShortTextContent,
  SingleChoiceContent,
  TrueFalseContent,
} from '../../../server/domain/items/item.js';

const common = () => ({
  domain: 'networking',
  objective: '1.1 Plan VPC address ranges',
  tags: ['cidr'],
  language: 'en',
  media: [],
  irt: { model: '2pl' as const, a: 1.2, b: 0.4, c: 0 },
});

/** A single_choice item whose key is option "b". */
export const singleChoice = (): SingleChoiceContent => ({
  type: 'single_choice',
  ...common(),
  stem: 'How many addresses does a /24 contain?',
  options: [
    { id: 'a', text: '254' },
    { id: 'b', text: '256' },
    { id: 'c', text: '512' },
    { id: 'd', text: '128' },
  ],
  shuffleOptions: true,
  key: { correct: 'b' },
});

/** A multiple_response item over a–e with key a, b, c. */
export const multipleResponse = (scoring: MultipleResponseContent['scoring']): MultipleResponseContent => ({
  type: 'multiple_response',
  ...common(),
  stem: 'Which are private addresses?',
  options: ['10.0.0.1', '192.168.0.1', '172.16.0.1', '8.8.8.8', '1.1.1.1'].map((text, i) => ({
    id: 'abcde'[i] as string,
    text,
  })),
  shuffleOptions: true,
  key: { correct: ['a', 'b', 'c'] },
  scoring,
});

/** A true_false item whose key is false. */
export const trueFalse = (): TrueFalseContent => ({
  type: 'true_false',
  ...common(),
  stem: 'Security groups are stateless.',
  key: { correct: false },
});

/** A numeric item: 120 GB, ±1% relative, MB and TB also accepted. */
export const numeric = (): NumericContent => ({
  type: 'numeric',
  ...common(),
  stem: 'How much data is written?',
  key: {
    value: 120,
    tolerance: 0.01,
    toleranceMode: 'relative',
    unit: 'GB',
    acceptedUnits: [
      { unit: 'MB', factor: 0.001 },
      { unit: 'TB', factor: 1000 },
    ],
  },
});

/** A short_text item accepting "load balancer" or the pattern `(application|network) load balancer`. */
export const shortText = (): ShortTextContent => ({
  type: 'short_text',
  ...common(),
  stem: 'What spreads requests across instances?',
  key: {
    accepted: ['load balancer'],
    patterns: ['(application|network) load balancer'],
    caseSensitive: false,
  },
});

/** An ordering item whose key is d, b, a, c. */
export const ordering = (scoring: OrderingContent['scoring']): OrderingContent => ({
  type: 'ordering',
  ...common(),
  stem: 'Order the steps.',
  options: ['Open TCP', 'TLS handshake', 'Send request', 'Resolve DNS'].map((text, i) => ({
    id: 'abcd'[i] as string,
    text,
  })),
  key: { order: ['d', 'a', 'b', 'c'] },
  scoring,
});

/** A matching item: p1→x, p2→y, p3→z, with distractor w. */
export const matching = (scoring: MatchingContent['scoring']): MatchingContent => ({
  type: 'matching',
  ...common(),
  stem: 'Match each record type to its purpose.',
  prompts: [
    { id: 'p1', text: 'A' },
    { id: 'p2', text: 'AAAA' },
    { id: 'p3', text: 'MX' },
  ],
  options: [
    { id: 'w', text: 'Reverse lookup' },
    { id: 'x', text: 'IPv4 address' },
    { id: 'y', text: 'IPv6 address' },
    { id: 'z', text: 'Mail server' },
  ],
  shuffleOptions: true,
  key: { pairs: { p1: 'x', p2: 'y', p3: 'z' } },
  scoring,
});

/** One valid item of the given type. */
export function itemOfType(type: ItemType): ItemContent {
  switch (type) {
    case 'single_choice':
      return singleChoice();
    case 'multiple_response':
      return multipleResponse('all_or_nothing');
    case 'true_false':
      return trueFalse();
    case 'numeric':
      return numeric();
    case 'short_text':
      return shortText();
    case 'ordering':
      return ordering('partial');
    case 'matching':
      return matching('partial');
  }
}
