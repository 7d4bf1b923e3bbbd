import { expect } from 'chai';
import { clientErrors, placeOnForm } from '../../../exam-client/src/exam-admin/form-errors.js';
import { formatDuration, RULE_OPTIONS } from '../../../exam-client/src/exam-admin/labels.js';
import {
  POLICY_LABELS,
  policyFormState,
  readPolicyForm,
} from '../../../exam-client/src/exam-admin/policy-state.js';
import { WAIVABLE_RULES } from '../../../server/domain/policies/eligibility.js';

const POLICY = {
  prerequisites: ['p1'],
  retakeWaitHours: [24, 336],
  maxAttemptsPerYear: 3,
  voucherRequired: true,
};

describe('exam administration forms (exam-client)', () => {
  it('shows a stored policy in the form and reads it back unchanged', () => {
    const form = policyFormState(POLICY);
    expect(form).to.deep.equal({
      prerequisites: ['p1'],
      waits: '24, 336',
      limit: '3',
      voucherRequired: true,
    });
    expect(readPolicyForm(form)).to.deep.equal({ policy: POLICY });
    const open = readPolicyForm({ prerequisites: [], waits: ' ', limit: '', voucherRequired: false });
    expect(open).to.deep.equal({
      policy: { prerequisites: [], retakeWaitHours: [], maxAttemptsPerYear: null, voucherRequired: false },
    });
  });

  it('takes hours separated by commas, spaces or semicolons', () => {
    const read = readPolicyForm({ ...policyFormState(POLICY), waits: '0;48  720,' });
    expect(read).to.deep.include({ policy: { ...POLICY, retakeWaitHours: [0, 48, 720] } });
  });

  it('says in a sentence at the field what it cannot read, before sending anything', () => {
    const read = readPolicyForm({ ...policyFormState(POLICY), waits: '24, two days', limit: '3.5' });
    expect(read).to.deep.equal({
      problems: [
        {
          pointer: '/retakeWaitHours',
          sentence:
            'Waiting hours after each failure: enter whole numbers of hours separated by commas, such as 24, 336.',
        },
        {
          pointer: '/maxAttemptsPerYear',
          sentence: 'Attempts allowed in 12 months: enter a whole number, or leave it empty for no limit.',
        },
      ],
    });
    const placed = clientErrors('policy', 'problems' in read ? read.problems : []);
    expect([...placed.byField.keys()]).to.deep.equal(['policy/retakeWaitHours', 'policy/maxAttemptsPerYear']);
  });

  it("puts the server's refusals at the field of the form, under the form's own keys", () => {
    const placed = placeOnForm(
      [
        {
          path: '/prerequisites/0',
          rule: 'self_prerequisite',
          message: 'a certification cannot require itself',
        },
        { path: '/retakeWaitHours/1', rule: 'maximum', message: 'must be <= 8760' },
        { path: '/somethingElse', rule: 'additionalProperties', message: 'is not an allowed field' },
      ],
      POLICY_LABELS,
      'policy',
    );
    expect(Object.fromEntries(placed.byField)).to.deep.equal({
      'policy/prerequisites': ['Prerequisites: a certification cannot require itself.'],
      'policy/retakeWaitHours': ['Waiting hours after each failure: must be at most 8760.'],
    });
    expect(placed.unmapped.map((d) => d.path)).to.deep.equal(['/somethingElse']);
    expect(placed.all.map((entry) => entry.field)).to.deep.equal([
      'policy/prerequisites',
      'policy/retakeWaitHours',
      null,
    ]);
  });

  it('offers every rule the server lets an admin waive, and words durations', () => {
    expect(RULE_OPTIONS.map((o) => o.value)).to.deep.equal([...WAIVABLE_RULES]);
    expect(formatDuration(45 * 60_000)).to.equal('45 min');
    expect(formatDuration(67.5 * 60_000)).to.equal('1 h 7 min 30 s');
    expect(formatDuration(0)).to.equal('0 min');
  });
});
