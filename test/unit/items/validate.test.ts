import { expect } from 'chai';
import { validateBankFile, validateItemContent } from '../../../item-bank/validate.js';
import { ITEM_TYPES, irtParametersOf } from '../../../server/domain/items/item.js';
import { checkItemRules } from '../../../server/domain/items/item-rules.js';
import {
  itemOfType,
  matching,
  multipleResponse,
  numeric,
  ordering,
  shortText,
  singleChoice,
} from './item-fixtures.js';

const issuesOf = (value: unknown) => {
  const result = validateItemContent(value);
  return result.ok ? [] : result.issues;
};
const bankOf = (items: unknown[]) => ({ format: 'certamen.item-bank', version: 1, items });
const bankItem = (externalId: string, content: object) => ({ externalId, ...content });

describe('validateItemContent', () => {
  it('accepts a valid item of every type', () => {
    for (const type of ITEM_TYPES) expect(validateItemContent(itemOfType(type)).ok, type).to.equal(true);
  });

  it('names the path and the schema keyword', () => {
    const { stem: _stem, ...withoutStem } = singleChoice();
    expect(issuesOf(withoutStem)).to.deep.include({
      path: '/stem',
      rule: 'required',
      message: 'stem is required',
    });
    const long = singleChoice();
    long.options[2] = { id: 'c', text: 'x'.repeat(1001) };
    expect(issuesOf(long).map(({ path, rule }) => ({ path, rule }))).to.deep.equal([
      { path: '/options/2/text', rule: 'maxLength' },
    ]);
    expect(issuesOf({ ...singleChoice(), colour: 'red' })).to.deep.include({
      path: '/colour',
      rule: 'additionalProperties',
      message: 'is not an allowed field',
    });
  });

  it("reports only the rules of the item's own type, not every branch of the union", () => {
    const issues = issuesOf({ ...singleChoice(), key: { correct: 7 } });
    expect(issues.map(({ path, rule }) => ({ path, rule }))).to.deep.equal([
      { path: '/key/correct', rule: 'type' },
    ]);
    expect(issuesOf({ ...singleChoice(), type: 'essay' })).to.deep.equal([
      { path: '/type', rule: 'enum', message: `must be one of ${ITEM_TYPES.join(', ')}` },
    ]);
  });

  it('refuses options, prompts and accepted answers that repeat each other, trimmed and ignoring case', () => {
    const same = singleChoice();
    same.options = same.options.map((option) => ({ ...option, text: 'Paris' }));
    same.options[2]!.text = '  PARIS ';
    expect(issuesOf(same)).to.deep.equal(
      [1, 2, 3].slice(0, same.options.length - 1).map((index) => ({
        path: `/options/${index}/text`,
        rule: 'distinct-option-texts',
        message: `"${index === 2 ? 'PARIS' : 'Paris'}" repeats option 1; each option must be different`,
      })),
    );
    const pairs = matching('all_or_nothing');
    pairs.prompts[1]!.text = pairs.prompts[0]!.text.toUpperCase();
    expect(issuesOf(pairs).map(({ path, rule }) => ({ path, rule }))).to.deep.equal([
      { path: '/prompts/1/text', rule: 'distinct-prompt-texts' },
    ]);
    const order = ordering('partial');
    order.options[1]!.text = ` ${order.options[0]!.text} `;
    expect(issuesOf(order).map(({ path }) => path)).to.deep.equal(['/options/1/text']);
    const answers = shortText();
    answers.key = { ...answers.key, caseSensitive: false, accepted: ['Oxygen', 'oxygen '] };
    expect(issuesOf(answers).map(({ path, rule }) => ({ path, rule }))).to.deep.equal([
      { path: '/key/accepted/1', rule: 'distinct-accepted-answers' },
    ]);
    expect(
      issuesOf({ ...answers, key: { ...answers.key, caseSensitive: true, accepted: ['pH', 'PH'] } }),
    ).to.deep.equal([]);
  });

  it('checks cross-field rules after the schema', () => {
    const rules = (value: unknown) => issuesOf(value).map(({ path, rule }) => ({ path, rule }));
    expect(rules({ ...singleChoice(), key: { correct: 'z' } })).to.deep.equal([
      { path: '/key/correct', rule: 'key-option-exists' },
    ]);
    const twin = singleChoice();
    twin.options[1] = { id: 'a', text: 'again' };
    expect(rules(twin)).to.deep.include({ path: '/options/1/id', rule: 'unique-option-ids' });
    expect(rules({ ...multipleResponse('all_or_nothing'), key: { correct: ['a', 'q'] } })).to.deep.equal([
      { path: '/key/correct/1', rule: 'key-option-exists' },
    ]);
    expect(rules({ ...multipleResponse('all_or_nothing'), selectCount: 2 })).to.deep.equal([
      { path: '/selectCount', rule: 'select-count-matches-key' },
    ]);
    expect(rules({ ...multipleResponse('all_or_nothing'), selectCount: 7 })).to.deep.equal([
      { path: '/selectCount', rule: 'select-count-within-options' },
    ]);
    expect(rules({ ...ordering('partial'), key: { order: ['d', 'a', 'b', 'b'] } })).to.deep.equal([
      { path: '/key/order/3', rule: 'key-permutation' },
    ]);
    expect(rules({ ...ordering('partial'), key: { order: ['d', 'a', 'b'] } })).to.deep.equal([
      { path: '/key/order', rule: 'key-permutation' },
    ]);
    expect(rules({ ...matching('partial'), key: { pairs: { p1: 'x', p2: 'q' } } })).to.deep.equal([
      { path: '/key/pairs/p2', rule: 'key-option-exists' },
      { path: '/key/pairs', rule: 'key-pairs-complete' },
    ]);
    expect(rules({ ...singleChoice(), irt: { model: '2pl', a: 1, b: 0, c: 0.2 } })).to.deep.equal([
      { path: '/irt/c', rule: 'irt-c-zero' },
    ]);
    expect(
      rules({
        ...numeric(),
        key: {
          value: 3,
          tolerance: 0,
          toleranceMode: 'absolute',
          acceptedUnits: [{ unit: 'MB', factor: 1 }],
        },
      }),
    ).to.deep.equal([{ path: '/key/acceptedUnits', rule: 'accepted-units-need-unit' }]);
    expect(
      rules({ ...singleChoice(), media: [{ ref: 'img/vpc.png', kind: 'image', alt: ' ' }] }),
    ).to.deep.equal([{ path: '/media/0/alt', rule: 'image-alt-text' }]);
  });

  it('rejects short-text patterns that do not compile or nest quantifiers, and keys with no answer', () => {
    const rules = (patterns: string[], accepted = ['x']) =>
      issuesOf({ ...shortText(), key: { accepted, patterns, caseSensitive: false } }).map(
        (i) => i.rule + i.path,
      );
    expect(rules(['ok', '(unclosed'])).to.deep.equal(['pattern-compiles/key/patterns/1']);
    expect(rules(['(a+)+'])).to.deep.equal(['pattern-safe/key/patterns/0']);
    expect(rules([], [])).to.deep.equal(['key-needs-answer/key/accepted']);
    expect(rules(['x'.repeat(201)])).to.deep.equal(['maxLength/key/patterns/0']);
  });

  it('does not change the value it checks', () => {
    const item = singleChoice();
    const before = structuredClone(item);
    validateItemContent(item);
    checkItemRules(item);
    expect(item).to.deep.equal(before);
  });
});

describe('irtParametersOf', () => {
  it('fills d = 1 and forces c = 0 unless 3pl; undefined when uncalibrated', () => {
    expect(irtParametersOf(singleChoice())).to.deep.equal({ a: 1.2, b: 0.4, c: 0, d: 1 });
    const threePl = { ...singleChoice(), irt: { model: '3pl' as const, a: 1, b: -1, c: 0.2 } };
    expect(irtParametersOf(threePl)).to.deep.equal({ a: 1, b: -1, c: 0.2, d: 1 });
    const { irt: _irt, ...pretest } = { ...singleChoice(), pretest: true };
    expect(irtParametersOf(pretest)).to.equal(undefined);
  });
});

describe('validateBankFile', () => {
  it('accepts a bank and fills in draft as the default status without touching the input', () => {
    const file = bankOf([
      bankItem('NET-001', singleChoice()),
      { ...bankItem('NET-002', numeric()), status: 'active' },
    ]);
    const before = structuredClone(file);
    const result = validateBankFile(file);
    if (!result.ok) expect.fail(JSON.stringify(result.issues));
    expect(result.bank.items.map((item) => item.status)).to.deep.equal(['draft', 'active']);
    expect(file).to.deep.equal(before);
  });

  it('reports every bad item with paths under /items, and duplicate externalIds', () => {
    const badText = singleChoice();
    badText.options[2] = { id: 'c', text: '' };
    const result = validateBankFile(
      bankOf([
        bankItem('NET-001', singleChoice()),
        bankItem('NET-002', { ...singleChoice(), key: { correct: 'z' } }),
        bankItem('NET-003', badText),
        bankItem('NET-001', numeric()),
        { ...singleChoice(), externalId: 'bad id' },
        'not an item',
      ]),
    );
    if (result.ok) expect.fail('expected issues');
    expect(result.issues.map(({ path, rule }) => `${rule} ${path}`)).to.deep.equal([
      'key-option-exists /items/1/key/correct',
      'minLength /items/2/options/2/text',
      'pattern /items/4/externalId',
      'type /items/5',
      'unique-external-id /items/3/externalId',
    ]);
  });

  it('checks the envelope and still checks the items', () => {
    const result = validateBankFile({
      format: 'other',
      version: 2,
      items: [{ externalId: 'X-1', type: 'essay' }],
    });
    if (result.ok) expect.fail('expected issues');
    expect(result.issues.map(({ path, rule }) => `${rule} ${path}`)).to.have.members([
      'const /format',
      'const /version',
      'enum /items/0/type',
    ]);
    expect(validateBankFile([]).ok).to.equal(false);
  });
});
