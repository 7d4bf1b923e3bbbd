import type { ItemContent } from '../../server/domain/items/item.js';

/** A valid single-choice item in the given domain (content as an author writes it). */
export function singleChoiceItem(
  domain = 'networking',
  stem = 'Which CIDR block holds exactly 256 addresses?',
): ItemContent {
  return {
    type: 'single_choice',
    domain,
    objective: '1.1 Plan address space',
    tags: ['cidr'],
    language: 'en',
    stem,
    media: [],
    options: [
      { id: 'A', text: '10.0.0.0/16' },
      { id: 'B', text: '10.0.0.0/24' },
      { id: 'C', text: '10.0.0.0/28' },
    ],
    shuffleOptions: true,
    key: { correct: 'B' },
    irt: { model: '2pl', a: 1.2, b: -0.4, c: 0 },
  };
}

/** A bank file with `count` active items per domain, keyed `<PREFIX>-<n>`. */
export function bankFile(perDomain: Record<string, number>, status: 'active' | 'draft' = 'active') {
  const items = Object.entries(perDomain).flatMap(([domain, count]) =>
    Array.from({ length: count }, (_, i) => ({
      externalId: `${domain.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(3, '0')}`,
      status,
      ...singleChoiceItem(domain, `Question ${i + 1} about ${domain}?`),
      irt: { model: '2pl' as const, a: 0.8 + (i % 5) * 0.2, b: -2 + ((i * 7) % 40) / 10, c: 0 },
    })),
  );
  return { format: 'certamen.item-bank', version: 1, source: 'test', items };
}
