import { expect } from 'chai';
import { placeByPointer } from '../../../exam-client/src/certifications/error-placement.js';
import { fieldSentence, labelOfPath, sentencesByField } from '../../../exam-client/src/field-errors.js';
import { placeErrors } from '../../../exam-client/src/items/error-paths.js';
import { emptyForm } from '../../../exam-client/src/items/item-form.js';

/** Every field error people read is a sentence naming the field in words, never the validator's own text. */
describe('field error sentences (exam-client)', () => {
  it('says what to do about a too-long value, naming the field', () => {
    const detail = {
      path: '/displayName',
      rule: 'maxLength',
      message: 'must NOT have more than 120 characters',
    };
    expect(fieldSentence('Display name', detail)).to.equal('Display name: use at most 120 characters.');
    expect(fieldSentence(labelOfPath(detail.path), detail)).to.equal(
      'Display name: use at most 120 characters.',
    );
  });

  it('words the other schema rules plainly, without pointers, regular expressions or capitals', () => {
    const cases: Array<[{ path: string; rule?: string; message: string }, string]> = [
      [
        { path: '/email', rule: 'format', message: 'must match format "email"' },
        'Email: enter an e-mail address, such as name@example.org.',
      ],
      [
        { path: '/title', rule: 'minLength', message: 'must NOT have fewer than 1 characters' },
        'Title: must not be empty.',
      ],
      [
        { path: '/timeLimitMin', rule: 'minimum', message: 'must be >= 5' },
        'Time limit min: must be at least 5.',
      ],
      [{ path: '/length', rule: 'type', message: 'must be integer' }, 'Length: enter a whole number.'],
      [{ path: '/reason', rule: 'required', message: 'is required' }, 'Reason: fill this in.'],
      [
        { path: '/reason', rule: 'anyOf', message: 'must match a schema in anyOf' },
        'Reason: choose one of the options offered.',
      ],
      [
        { path: '/holderName', rule: 'pattern', message: 'must match pattern "\\S"' },
        'Holder name: must not be empty.',
      ],
      [
        { path: '/password', message: 'must be at least 10 characters' },
        'Password: must be at least 10 characters.',
      ],
    ];
    for (const [detail, expected] of cases)
      expect(fieldSentence(labelOfPath(detail.path), detail)).to.equal(expected);
  });

  it('places a simple form’s errors on its fields, and names the rest by their path in words', () => {
    const placed = sentencesByField(
      [
        { path: '/password', message: 'must be at least 10 characters' },
        { path: '/invitationToken', rule: 'minLength', message: 'must NOT have fewer than 20 characters' },
      ],
      new Map([['/password', 'Password']]),
    );
    expect(placed.byField.get('/password')).to.deep.equal(['Password: must be at least 10 characters.']);
    expect(placed.rest).to.deep.equal(['Invitation token: use at least 20 characters.']);
  });

  it('says in the item editor which answer to choose, not "correct is required"', () => {
    const form = { ...emptyForm(), type: 'single_choice' as const };
    const placed = placeErrors(
      [{ path: '/content/key/correct', rule: 'required', message: 'correct is required' }],
      form,
      true,
    );
    expect(placed.byField.get('key')).to.deep.equal(['Answer key: choose the correct answer.']);
    expect(placed.all[0]?.sentence).to.equal('Answer key: choose the correct answer.');
  });

  it('names the certification field an error lands on, or the path in words when none is on screen', () => {
    const placed = placeByPointer(
      [
        { path: '/code', rule: 'pattern', message: 'must match pattern "^[A-Z0-9][A-Z0-9-]{1,31}$"' },
        { path: '/somethingElse', rule: 'maxLength', message: 'must NOT have more than 200 characters' },
      ],
      new Map([['/code', 'Code']]),
    );
    expect(placed.byField.get('/code')).to.deep.equal([
      'Code: use capital letters, digits and -, 2 to 32 characters, starting with a letter or digit.',
    ]);
    expect(placed.all.map((entry) => entry.sentence)).to.include(
      'Something else: use at most 200 characters.',
    );
  });
});
