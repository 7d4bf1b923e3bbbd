import { expect } from 'chai';
import { MAX_INPUT_DEPTH, screenInput } from '../../server/http/validation.js';

describe('screening request input before validation', () => {
  it('lets ordinary JSON through', () => {
    expect(screenInput({ name: 'Zoë 😀', tags: ['a', { b: 1 }], n: null })).to.equal(undefined);
  });

  it('names the path of a string holding a NUL character', () => {
    expect(screenInput({ profile: { displayName: 'a\u0000b' } })?.path).to.equal('/profile/displayName');
  });

  it('refuses unpaired surrogates in values and in field names', () => {
    expect(screenInput(['ok', '\ud800'])?.path).to.equal('/1');
    expect(screenInput({ '\udc00': 1 })?.message).to.contain('field name');
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(screenInput(deep)?.message).to.contain(`deeper than ${MAX_INPUT_DEPTH}`);
    let fine: unknown = 'leaf';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) fine = { x: fine };
    expect(screenInput(fine)).to.equal(undefined);
  });
});
