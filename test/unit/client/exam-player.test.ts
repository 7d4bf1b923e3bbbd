import { expect } from 'chai';
import {
  chosenOptions,
  currentOrder,
  currentPairs,
  incompleteness,
  isEmptyAnswer,
  matchPrompt,
  moveEntry,
  parseNumber,
  toggleOption,
} from '../../../exam-client/src/exam/answers.js';
import { isFinal, isNewer } from '../../../exam-client/src/exam/attempt-versions.js';
import { minutesInWords, questionCount } from '../../../exam-client/src/exam/format.js';
import {
  formatRemaining,
  remainingAt,
  remainingInWords,
  syncClock,
  thresholdMessage,
  thresholdsReached,
} from '../../../exam-client/src/exam/exam-clock.js';
import {
  emptyQueue,
  enqueue,
  latestByPosition,
  nextSave,
  observeServerSeq,
  type PendingSaves,
  parseQueue,
  renumberAfter,
  serialiseQueue,
  settle,
} from '../../../exam-client/src/exam/pending-saves.js';
import type { CandidateItem } from '../../../exam-client/src/types.js';

const save = (
  position: number,
  answer: Record<string, unknown> | null = { optionId: 'a' },
  marked = false,
) => ({
  position,
  answer,
  marked,
});

/** Queues saves one after another, as the player does. */
function queueOf(start: number, ...saves: ReturnType<typeof save>[]): PendingSaves {
  return saves.reduce((queue, s) => enqueue(queue, s).queue, emptyQueue(start));
}

describe('the pending-save queue (exam-client)', () => {
  it('numbers each save one after the last sequence number, the server’s included', () => {
    let queue = observeServerSeq(emptyQueue(), 7);
    const first = enqueue(queue, save(1));
    expect(first.save.seq).to.equal(8);
    queue = enqueue(first.queue, save(2)).queue;
    expect(queue.saves.map((s) => s.seq)).to.deep.equal([8, 9]);
    expect(queue.lastSeq).to.equal(9);
    // A server that stored fewer does not lower the count; one that stored more raises it.
    expect(observeServerSeq(queue, 3).lastSeq).to.equal(9);
    expect(enqueue(observeServerSeq(queue, 20), save(3)).save.seq).to.equal(21);
  });

  it('keeps every save until it is acknowledged, oldest first', () => {
    let queue = queueOf(0, save(1), save(2), save(3));
    expect(nextSave(queue)?.seq).to.equal(1);
    queue = settle(queue, 1);
    expect(nextSave(queue)?.seq).to.equal(2);
    // An acknowledgement out of order removes only its own save.
    queue = settle(queue, 3);
    expect(queue.saves.map((s) => s.seq)).to.deep.equal([2]);
    expect(settle(settle(queue, 2), 2).saves).to.deep.equal([]);
  });

  it('replaces an unsent answer to the same question, but never the one on its way', () => {
    const queue = queueOf(0, save(1, { text: 'a' }), save(2), save(1, { text: 'ab' }));
    expect(queue.saves.map((s) => [s.seq, s.position])).to.deep.equal([
      [2, 2],
      [3, 1],
    ]);
    expect(latestByPosition(queue).get(1)?.answer).to.deep.equal({ text: 'ab' });

    const sending = queueOf(0, save(1, { text: 'a' }));
    const after = enqueue(sending, save(1, { text: 'ab' }), 1).queue;
    expect(after.saves.map((s) => s.seq)).to.deep.equal([1, 2]);
    expect(latestByPosition(after).get(1)?.answer).to.deep.equal({ text: 'ab' });
  });

  it('keeps a cleared answer (null) and the review mark as saves of their own', () => {
    const queue = queueOf(4, save(3, null, true));
    expect(queue.saves).to.deep.equal([{ position: 3, answer: null, marked: true, seq: 5 }]);
    expect(latestByPosition(queue).get(3)?.marked).to.equal(true);
  });

  it('renumbers after a take-over only when the other window stored past a queued save, keeping the order', () => {
    const queue = queueOf(5, save(1, { text: 'first' }), save(2), save(1, { text: 'second' }));
    expect(queue.saves.map((s) => s.seq)).to.deep.equal([7, 8]);
    // The other window stored up to 5: nothing of ours is behind it, so the numbers stay.
    expect(renumberAfter(queue, 5).saves.map((s) => s.seq)).to.deep.equal([7, 8]);
    // It stored up to 12: ours go after it, in the same order.
    const renumbered = renumberAfter(queue, 12);
    expect(renumbered.saves.map((s) => [s.seq, s.position])).to.deep.equal([
      [13, 2],
      [14, 1],
    ]);
    expect(renumbered.lastSeq).to.equal(14);
    expect(enqueue(renumbered, save(4)).save.seq).to.equal(15);
  });

  it('survives a reload through session storage, and reads anything else as empty', () => {
    const queue = queueOf(2, save(1, { optionIds: ['a', 'b'] }, true), save(5, null));
    expect(parseQueue(serialiseQueue(queue))).to.deep.equal(queue);
    for (const text of [null, '', 'not json', '{"lastSeq":"3","saves":[]}', '[]']) {
      expect(parseQueue(text), String(text)).to.deep.equal(emptyQueue());
    }
    const partlyBroken = JSON.stringify({ lastSeq: 4, saves: [{ seq: 4, position: 1 }, queue.saves[0]] });
    expect(parseQueue(partlyBroken).saves).to.deep.equal([queue.saves[0]]);
  });
});

describe('the exam timer (exam-client)', () => {
  const MIN = 60_000;

  it('counts down from the server’s last word on the monotonic clock, and stands still when paused', () => {
    const running = syncClock({ remainingMs: 30 * MIN, status: 'in_progress' }, 1_000);
    expect(running).to.deep.equal({ remainingMs: 30 * MIN, atMs: 1_000, running: true });
    expect(remainingAt(running!, 1_000 + 90_000)).to.equal(30 * MIN - 90_000);
    expect(remainingAt(running!, 1_000 + 31 * MIN), 'never below zero').to.equal(0);
    expect(remainingAt(running!, 0), 'a clock read before the sync does not add time').to.equal(30 * MIN);

    const paused = syncClock({ remainingMs: 12 * MIN, status: 'paused' }, 5_000);
    expect(remainingAt(paused!, 5_000 + 10 * MIN)).to.equal(12 * MIN);
    expect(syncClock({ remainingMs: null, status: 'checked_in' }, 0)).to.equal(null);
  });

  it('re-syncs: a later word from the server replaces the local count', () => {
    const first = syncClock({ remainingMs: 10 * MIN, status: 'in_progress' }, 0)!;
    // The local count says 5 minutes later; the server (after a break, say) says 9 minutes are left.
    const second = syncClock({ remainingMs: 9 * MIN, status: 'in_progress' }, 5 * MIN)!;
    expect(remainingAt(first, 5 * MIN)).to.equal(5 * MIN);
    expect(remainingAt(second, 5 * MIN)).to.equal(9 * MIN);
  });

  it('shows minutes and seconds (hours past an hour), rounding up', () => {
    expect(formatRemaining(60 * MIN)).to.equal('1:00:00');
    expect(formatRemaining(59 * MIN + 59_001)).to.equal('1:00:00');
    expect(formatRemaining(45 * MIN - 1)).to.equal('45:00');
    expect(formatRemaining(61_000)).to.equal('1:01');
    expect(formatRemaining(9_400)).to.equal('0:10');
    expect(formatRemaining(0)).to.equal('0:00');
    expect(formatRemaining(-5)).to.equal('0:00');
  });

  it('says the time left in words', () => {
    expect(remainingInWords(12 * MIN)).to.equal('12 minutes');
    expect(remainingInWords(MIN)).to.equal('1 minute');
    expect(remainingInWords(45_000)).to.equal('45 seconds');
    expect(remainingInWords(1_000)).to.equal('1 second');
    expect(remainingInWords(90 * MIN)).to.equal('1 hour 30 minutes');
    expect(remainingInWords(120 * MIN)).to.equal('2 hours');
  });

  it('announces 20 % and 5 % left once each, and only the last one reached when both are passed at once', () => {
    const allowed = 60 * MIN;
    const announced = new Set<number>();
    expect(thresholdsReached(30 * MIN, allowed, announced)).to.deep.equal([]);
    expect(thresholdsReached(12 * MIN + 1, allowed, announced)).to.deep.equal([]);
    expect(thresholdsReached(12 * MIN, allowed, announced)).to.deep.equal([0.2]);
    announced.add(0.2);
    expect(thresholdsReached(11 * MIN, allowed, announced), 'said once').to.deep.equal([]);
    expect(thresholdsReached(3 * MIN, allowed, announced)).to.deep.equal([0.05]);
    announced.add(0.05);
    expect(thresholdsReached(MIN, allowed, announced)).to.deep.equal([]);

    // Reopened with 2 minutes of 60 left: both are passed, and the caller announces the last.
    expect(thresholdsReached(2 * MIN, allowed, new Set())).to.deep.equal([0.2, 0.05]);
    expect(thresholdsReached(0, allowed, new Set()), 'nothing once the time is over').to.deep.equal([]);
    expect(thresholdMessage(0.05, 3 * MIN)).to.equal('3 minutes left (5 % of your time).');
    expect(thresholdMessage(0.2, 12 * MIN)).to.equal('12 minutes left (20 % of your time).');
  });
});

describe('answers as the player builds them (exam-client)', () => {
  const ordering: CandidateItem = {
    type: 'ordering',
    language: 'en',
    stem: 'Order',
    media: [],
    options: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B' },
      { id: 'c', text: 'C' },
    ],
  };
  const matching: CandidateItem = {
    type: 'matching',
    language: 'en',
    stem: 'Match',
    media: [],
    prompts: [
      { id: 'p1', text: 'One' },
      { id: 'p2', text: 'Two' },
    ],
    options: [
      { id: 'x', text: 'X' },
      { id: 'y', text: 'Y' },
      { id: 'z', text: 'Z' },
    ],
  };
  const chooseTwo: CandidateItem = {
    type: 'multiple_response',
    language: 'en',
    stem: 'Choose two',
    media: [],
    options: ordering.options,
    selectCount: 2,
  };

  it('ticks and unticks options, never past "choose N"', () => {
    expect(toggleOption([], 'a', 2)).to.deep.equal(['a']);
    expect(toggleOption(['a'], 'b', 2)).to.deep.equal(['a', 'b']);
    expect(toggleOption(['a', 'b'], 'c', 2), 'the limit holds').to.deep.equal(['a', 'b']);
    expect(toggleOption(['a', 'b'], 'a', 2)).to.deep.equal(['b']);
    expect(toggleOption(['a', 'b'], 'c')).to.deep.equal(['a', 'b', 'c']);
    expect(chosenOptions({ optionIds: ['a', 3, 'b'] })).to.deep.equal(['a', 'b']);
  });

  it('moves an entry up or down one place, and not past either end', () => {
    expect(moveEntry(['a', 'b', 'c'], 2, -1)).to.deep.equal(['a', 'c', 'b']);
    expect(moveEntry(['a', 'b', 'c'], 0, 1)).to.deep.equal(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 0, -1)).to.deep.equal(['a', 'b', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 2, 1)).to.deep.equal(['a', 'b', 'c']);
  });

  it('shows the stored order when it names every option, and the order presented otherwise', () => {
    expect(currentOrder(ordering.options, { order: ['c', 'a', 'b'] })).to.deep.equal(['c', 'a', 'b']);
    expect(currentOrder(ordering.options, { order: ['c', 'a'] })).to.deep.equal(['a', 'b', 'c']);
    expect(currentOrder(ordering.options, null)).to.deep.equal(['a', 'b', 'c']);
  });

  it('matches and unmatches prompts', () => {
    const pairs = matchPrompt({}, 'p1', 'y');
    expect(pairs).to.deep.equal({ p1: 'y' });
    expect(matchPrompt(pairs, 'p1', '')).to.deep.equal({});
    expect(currentPairs({ pairs: { p1: 'x', p2: 4 } })).to.deep.equal({ p1: 'x' });
    expect(currentPairs({ pairs: ['x'] })).to.deep.equal({});
  });

  it('reads numbers as typed, a lone decimal comma included', () => {
    expect(parseNumber('12.5')).to.equal(12.5);
    expect(parseNumber(' -3 ')).to.equal(-3);
    expect(parseNumber('0,25')).to.equal(0.25);
    expect(parseNumber('.5')).to.equal(0.5);
    expect(parseNumber('1e3')).to.equal(1000);
    expect(parseNumber('1 000')).to.equal(1000);
    for (const bad of ['', 'abc', '1.2.3', '1,2,3', '12 km', 'Infinity', '--1']) {
      expect(parseNumber(bad), bad).to.equal(null);
    }
  });

  it('tells an empty answer from a partial one', () => {
    expect(isEmptyAnswer(chooseTwo, null)).to.equal(true);
    expect(isEmptyAnswer(chooseTwo, { optionIds: [] })).to.equal(true);
    expect(incompleteness(chooseTwo, { optionIds: ['a'] })).to.equal('1 of 2 options chosen');
    expect(incompleteness(chooseTwo, { optionIds: ['a', 'b'] })).to.equal(null);
    expect(incompleteness(matching, { pairs: { p2: 'z' } })).to.equal('1 of 2 matched');
    expect(incompleteness(matching, { pairs: {} })).to.equal('Not answered');
    expect(incompleteness(ordering, { order: ['b', 'a', 'c'] })).to.equal(null);
  });
});

describe('which copy of an attempt is newer (exam-client)', () => {
  const at = (epoch: number, lastSeq: number, serverTime: string, status = 'in_progress') => ({
    epoch,
    lastSeq,
    serverTime,
    status: status as 'in_progress',
  });

  it('prefers a later window, then more saves, then a later reading; an attempt that is over beats a live one', () => {
    const base = at(3, 10, '2026-03-01T10:00:00.000Z');
    expect(isNewer(at(4, 0, '2026-03-01T09:00:00.000Z'), base)).to.equal(true);
    expect(isNewer(at(2, 50, '2026-03-01T11:00:00.000Z'), base)).to.equal(false);
    expect(isNewer(at(3, 11, '2026-03-01T09:00:00.000Z'), base)).to.equal(true);
    expect(isNewer(at(3, 9, '2026-03-01T11:00:00.000Z'), base)).to.equal(false);
    expect(isNewer(at(3, 10, '2026-03-01T10:00:01.000Z'), base)).to.equal(true);
    expect(isNewer(at(3, 10, '2026-03-01T09:59:59.000Z'), base)).to.equal(false);
    const scored = at(1, 0, '2026-03-01T08:00:00.000Z', 'scored');
    expect(isNewer(scored, base)).to.equal(true);
    expect(isNewer(base, scored)).to.equal(false);
    expect(isFinal(scored)).to.equal(true);
    expect(isFinal(base)).to.equal(false);
  });

  it('takes the scored attempt over the submitted one, whatever window each was read in', () => {
    // The acknowledgement of the submit is read in the window holding the exam; the result may come through a
    // window that took the attempt over earlier, with a lower epoch.
    const submitted = at(5, 30, '2026-03-01T10:00:00.000Z', 'submitted');
    const scored = at(4, 30, '2026-03-01T10:00:02.000Z', 'scored');
    expect(isNewer(scored, submitted)).to.equal(true);
    expect(isNewer(submitted, scored)).to.equal(false);
    expect(isFinal(submitted)).to.equal(true);
  });
});

describe('exam facts in words (exam-client)', () => {
  it('says a time limit in hours and minutes', () => {
    expect(minutesInWords(45)).to.equal('45 minutes');
    expect(minutesInWords(1)).to.equal('1 minute');
    expect(minutesInWords(60)).to.equal('1 hour');
    expect(minutesInWords(90)).to.equal('1 hour 30 minutes');
    expect(minutesInWords(121)).to.equal('2 hours 1 minute');
    expect(minutesInWords(0)).to.equal('0 minutes');
  });

  it('says how many questions, or the range of an adaptive exam', () => {
    expect(questionCount({ min: 30, max: 30 })).to.equal('30 questions');
    expect(questionCount({ min: 1, max: 1 })).to.equal('1 question');
    expect(questionCount({ min: 22, max: 32 })).to.equal('between 22 and 32 questions');
  });
});
