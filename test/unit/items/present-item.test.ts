import { expect } from 'chai';
import { ITEM_TYPES, type ItemContent } from '../../../server/domain/items/item.js';
import { presentItem } from '../../../server/domain/items/present-item.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { itemOfType, matching, multipleResponse, numeric, ordering, singleChoice } from './item-fixtures.js';

const SECRET_FIELDS = ['key', 'irt', 'pretest', 'scoring', 'correct', 'pairs', 'order', 'value', 'tolerance'];

/** Every field name anywhere in a JSON value. */
function fieldNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fieldNames);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, inner]) => [name, ...fieldNames(inner)]);
}

describe('presentItem', () => {
  it('leaks no key, IRT parameters, pretest flag or scoring rule, for every type', () => {
    for (const type of ITEM_TYPES) {
      const content: ItemContent = { ...itemOfType(type), pretest: true };
      const view = presentItem(content, seededRng(1));
      const names = fieldNames(JSON.parse(JSON.stringify(view)));
      for (const secret of SECRET_FIELDS) expect(names, `${type} shows ${secret}`).not.to.include(secret);
      expect(view.type).to.equal(type);
      expect(view.stem).to.equal(content.stem);
    }
  });

  it('does not leak the numeric key through the text of the payload', () => {
    const payload = JSON.stringify(presentItem(numeric(), seededRng(1)));
    expect(payload).not.to.include('120');
    expect(presentItem(numeric(), seededRng(1))).to.deep.include({ units: ['GB', 'MB', 'TB'] });
  });

  it('keeps what the candidate needs: options, prompts, selectCount, media', () => {
    const chooseThree = { ...multipleResponse('all_or_nothing'), selectCount: 3 };
    expect(presentItem(chooseThree, seededRng(1))).to.include({ selectCount: 3 });
    const withMedia = {
      ...singleChoice(),
      media: [{ ref: 'img/vpc.png', kind: 'image' as const, alt: 'Two VPCs' }],
    };
    expect(presentItem(withMedia, seededRng(1)).media).to.deep.equal(withMedia.media);
    const view = presentItem(matching('partial'), seededRng(1));
    if (view.type !== 'matching') expect.fail('expected a matching view');
    expect(view.prompts.map((p) => p.id)).to.deep.equal(['p1', 'p2', 'p3']);
    expect(view.options.map((o) => o.id)).to.have.members(['w', 'x', 'y', 'z']);
  });

  it('shuffles options deterministically by seed, and only when asked', () => {
    const ids = (content: ItemContent, seed: number) => {
      const view = presentItem(content, seededRng(seed));
      return 'options' in view ? view.options.map((o) => o.id).join('') : '';
    };
    const item = multipleResponse('all_or_nothing');
    expect(ids(item, 7)).to.equal(ids(item, 7));
    const orders = new Set(Array.from({ length: 20 }, (_, seed) => ids(item, seed)));
    expect(orders.size).to.be.greaterThan(5);
    expect(ids({ ...item, shuffleOptions: false }, 7)).to.equal('abcde');
    const orderings = new Set(Array.from({ length: 20 }, (_, seed) => ids(ordering('partial'), seed)));
    expect(orderings.size, 'ordering items are always shuffled').to.be.greaterThan(3);
  });

  it('returns new objects and leaves the content as it was', () => {
    for (const type of ITEM_TYPES) {
      const content = itemOfType(type);
      const before = structuredClone(content);
      const view = presentItem(content, seededRng(3));
      if ('options' in view && 'options' in content) {
        view.options[0]!.text = 'changed';
        expect(content.options).to.not.equal(view.options);
      }
      view.media.push({ ref: 'x.png', kind: 'image', alt: 'x' });
      expect(content, type).to.deep.equal(before);
    }
  });
});
