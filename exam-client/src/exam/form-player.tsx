import { useEffect, useRef, useState } from 'preact/hooks';
import type { Answer, FormPosition } from '../types';
import { incompleteness, isEmptyAnswer } from './answers';
import type { ConnectionState } from './attempt-link';
import { type AnswerChange, ItemAnswer } from './item-view';
import { latestByPosition, type PendingSaves } from './pending-saves';

/** How long typing may pause before the typed answer is saved. */
const TYPING_PAUSE_MS = 800;

/** A question of the form as the candidate sees it now: the queued answer over the stored one. */
interface Question {
  position: number;
  entry: FormPosition;
  answer: Answer | null;
  marked: boolean;
}

const excerpt = (text: string) => (text.length > 90 ? `${text.slice(0, 87).trimEnd()}…` : text);

/**
 * A fixed or linear form: free navigation (previous, next, the question list), answers saved as the candidate
 * gives them, mark for review, a review of unanswered and marked questions, and a confirmation before submitting.
 */
export function FormPlayer(props: {
  form: readonly FormPosition[];
  queue: PendingSaves;
  connection: ConnectionState;
  disabled: boolean;
  submitting: boolean;
  onSave: (position: number, answer: Answer | null, marked: boolean, timeOnItemMs: number) => void;
  onSubmit: () => void;
}) {
  const latest = latestByPosition(props.queue);
  const questions: Question[] = props.form.map((entry) => {
    const queued = latest.get(entry.position);
    return {
      position: entry.position,
      entry,
      answer: queued ? queued.answer : entry.answer,
      marked: queued ? queued.marked : entry.marked,
    };
  });
  const total = questions.length;
  const [index, setIndex] = useState(() => {
    const first = questions.findIndex((q) => q.answer === null);
    return first < 0 ? 0 : first;
  });
  const [view, setView] = useState<'question' | 'review'>('question');
  const [confirming, setConfirming] = useState(false);

  // Typing is saved after a pause (or on leaving the field or the question); the draft waits here meanwhile.
  const drafts = useRef(new Map<number, { answer: Answer | null; timer: ReturnType<typeof setTimeout> }>());
  const timeOn = useRef(new Map<number, number>());
  const shownAt = useRef(performance.now());

  const spentOn = (position: number) =>
    Math.round(
      (timeOn.current.get(position) ?? 0) +
        (questions[index]?.position === position ? performance.now() - shownAt.current : 0),
    );

  const questionAt = (position: number) => questions[position - 1];

  /** Queues an answer (with the question's mark as it stands) unless it is what the question already has. */
  const save = (position: number, answer: Answer | null) => {
    const question = questionAt(position);
    if (!question) return;
    if (JSON.stringify(question.answer) !== JSON.stringify(answer))
      props.onSave(position, answer, question.marked, spentOn(position));
  };

  const flush = () => {
    for (const [position, draft] of drafts.current) {
      clearTimeout(draft.timer);
      save(position, draft.answer);
    }
    drafts.current.clear();
  };

  // Whatever is still being typed is queued when the player goes away (it is sent when the exam reopens).
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => flushRef.current(), []);

  // A timer set during one render saves with the functions of the latest one.
  const saveRef = useRef(save);
  saveRef.current = save;

  const onAnswer = (position: number) => (answer: Answer | null, change: AnswerChange) => {
    const item = questionAt(position)?.entry.item;
    const value = item && answer !== null && isEmptyAnswer(item, answer) ? null : answer;
    const previous = drafts.current.get(position);
    if (previous) clearTimeout(previous.timer);
    drafts.current.delete(position);
    if (change === 'typing') {
      const timer = setTimeout(() => {
        drafts.current.delete(position);
        saveRef.current(position, value);
      }, TYPING_PAUSE_MS);
      drafts.current.set(position, { answer: value, timer });
      return;
    }
    save(position, value);
  };

  const go = (next: number, nextView: 'question' | 'review' = 'question') => {
    flush();
    const leaving = questions[index];
    if (leaving && view === 'question') {
      timeOn.current.set(
        leaving.position,
        (timeOn.current.get(leaving.position) ?? 0) + performance.now() - shownAt.current,
      );
    }
    shownAt.current = performance.now();
    setIndex(next);
    setView(nextView);
    setConfirming(false);
  };

  const heading = useRef<HTMLHeadingElement>(null);
  // Moving to a question or to the review puts focus on its heading.
  useEffect(() => heading.current?.focus(), [index, view]);

  const answered = questions.filter((q) => q.answer !== null).length;
  const question = questions[index];

  if (view === 'review' || !question) {
    return (
      <Review
        questions={questions}
        answered={answered}
        headingRef={heading}
        confirming={confirming}
        submitting={props.submitting}
        connection={props.connection}
        disabled={props.disabled}
        onGo={(i) => go(i)}
        onBack={() => go(index)}
        onConfirm={() => setConfirming(true)}
        onCancel={() => setConfirming(false)}
        onSubmit={() => {
          flush();
          props.onSubmit();
        }}
      />
    );
  }

  const stemId = `stem-${question.position}`;
  const draftAnswer = () => {
    const draft = drafts.current.get(question.position);
    return draft ? draft.answer : question.answer;
  };
  const toggleMark = () => {
    const answer = draftAnswer();
    const draft = drafts.current.get(question.position);
    if (draft) clearTimeout(draft.timer);
    drafts.current.delete(question.position);
    props.onSave(question.position, answer, !question.marked, spentOn(question.position));
  };

  return (
    <>
      <section class="card question" aria-labelledby={`question-${question.position}`}>
        <div class="question-head">
          <h2 id={`question-${question.position}`} tabIndex={-1} ref={heading} class="focus-target">
            Question {question.position} <span class="of">of {total}</span>
          </h2>
          <button
            type="button"
            class={`secondary mark${question.marked ? ' marked' : ''}`}
            aria-pressed={question.marked}
            disabled={props.disabled}
            onClick={toggleMark}
          >
            <span aria-hidden="true">{question.marked ? '⚑ ' : '⚐ '}</span>
            Mark for review
          </button>
        </div>
        <p id={stemId} class="stem">
          {question.entry.item.stem}
        </p>
        <ItemAnswer
          key={question.position}
          item={question.entry.item}
          answer={question.answer}
          onAnswer={onAnswer(question.position)}
          stemId={stemId}
          name={`q${question.position}`}
          disabled={props.disabled}
          offerKeepOrder
        />
        <div class="question-nav">
          <button type="button" class="secondary" disabled={index === 0} onClick={() => go(index - 1)}>
            Previous
          </button>
          {index < total - 1 ? (
            <button type="button" onClick={() => go(index + 1)}>
              Next
            </button>
          ) : (
            <button type="button" onClick={() => go(index, 'review')}>
              Review answers
            </button>
          )}
        </div>
      </section>
      <QuestionList questions={questions} current={index} answered={answered} onGo={(i) => go(i)} />
      <button type="button" class="secondary review-button" onClick={() => go(index, 'review')}>
        Review and submit
      </button>
    </>
  );
}

/** Where a question stands, in words for the question list. */
function questionState(question: Question): string {
  const parts = [question.answer === null ? 'not answered' : 'answered'];
  if (question.marked) parts.push('marked for review');
  return parts.join(', ');
}

function QuestionList(props: {
  questions: readonly Question[];
  current: number;
  answered: number;
  onGo: (index: number) => void;
}) {
  return (
    <nav class="card question-list" aria-label="Questions">
      <details>
        <summary>
          All questions ({props.answered} of {props.questions.length} answered)
        </summary>
        <ol>
          {props.questions.map((question, i) => (
            <li key={question.position}>
              <button
                type="button"
                class={`question-chip${question.answer === null ? '' : ' answered'}${question.marked ? ' marked' : ''}`}
                aria-current={i === props.current ? 'step' : undefined}
                aria-label={`Question ${question.position}: ${questionState(question)}`}
                onClick={() => props.onGo(i)}
              >
                {question.position}
                {question.marked && <span aria-hidden="true">⚑</span>}
              </button>
            </li>
          ))}
        </ol>
        <p class="hint">Answered questions are filled in; ⚑ marks those to review.</p>
      </details>
    </nav>
  );
}

function Review(props: {
  questions: readonly Question[];
  answered: number;
  headingRef: { current: HTMLHeadingElement | null };
  confirming: boolean;
  submitting: boolean;
  connection: ConnectionState;
  disabled: boolean;
  onGo: (index: number) => void;
  onBack: () => void;
  onConfirm: () => void;
  onCancel: () => void;
  onSubmit: () => void;
}) {
  const { questions } = props;
  const unanswered = questions.filter((q) => q.answer === null);
  const partly = questions.filter(
    (q) => q.answer !== null && incompleteness(q.entry.item, q.answer) !== null,
  );
  const marked = questions.filter((q) => q.marked);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (props.confirming) confirmHeading.current?.focus();
  }, [props.confirming]);

  const list = (entries: readonly Question[], none: string, note?: (q: Question) => string | null) =>
    entries.length === 0 ? (
      <p class="muted">{none}</p>
    ) : (
      <ul class="review-list">
        {entries.map((q) => (
          <li key={q.position}>
            <button type="button" class="link-button" onClick={() => props.onGo(q.position - 1)}>
              Question {q.position}
            </button>{' '}
            <span class="muted">
              {note?.(q) ? `${note(q)}: ` : ''}
              {excerpt(q.entry.item.stem)}
            </span>
          </li>
        ))}
      </ul>
    );

  return (
    <section class="card review" aria-labelledby="review-title">
      <h2 id="review-title" tabIndex={-1} ref={props.headingRef} class="focus-target">
        Review your answers
      </h2>
      <p>
        You have answered {props.answered} of {questions.length} questions.
      </p>
      <h3>Not answered ({unanswered.length})</h3>
      {list(unanswered, 'None: every question has an answer.')}
      {partly.length > 0 && (
        <>
          <h3>Partly answered ({partly.length})</h3>
          {list(partly, '', (q) => incompleteness(q.entry.item, q.answer))}
        </>
      )}
      <h3>Marked for review ({marked.length})</h3>
      {list(marked, 'None marked.')}
      {!props.confirming ? (
        <div class="actions review-actions">
          <button type="button" class="secondary" onClick={props.onBack}>
            Back to the questions
          </button>
          <button type="button" onClick={props.onConfirm} disabled={props.disabled}>
            Submit exam
          </button>
        </div>
      ) : (
        <section class="confirm-submit" aria-labelledby="confirm-title">
          <h3 id="confirm-title" tabIndex={-1} ref={confirmHeading} class="focus-target">
            Submit your exam now?
          </h3>
          <p>
            {unanswered.length > 0 &&
              `${unanswered.length} question${unanswered.length === 1 ? ' has' : 's have'} no answer. `}
            {marked.length > 0 &&
              `${marked.length} question${marked.length === 1 ? ' is' : 's are'} marked for review. `}
            Once you submit, you cannot change your answers.
          </p>
          <div class="actions">
            <button type="button" onClick={props.onSubmit} disabled={props.submitting || props.disabled}>
              {props.submitting ? 'Submitting…' : 'Yes, submit my exam'}
            </button>
            <button type="button" class="secondary" onClick={props.onCancel} disabled={props.submitting}>
              Keep working
            </button>
          </div>
          {props.submitting && props.connection !== 'open' && (
            <p class="muted">Your exam will be submitted as soon as the connection returns.</p>
          )}
        </section>
      )}
    </section>
  );
}
