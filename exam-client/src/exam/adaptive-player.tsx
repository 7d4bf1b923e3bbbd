import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert } from '../components/form';
import type { Answer, AttemptView, CandidateItem } from '../types';
import { currentOrder, isEmptyAnswer } from './answers';
import type { ConnectionState } from './attempt-link';
import { ItemAnswer } from './item-view';
import type { PendingSave } from './pending-saves';

/** The answer an adaptive question starts from: an ordering item starts in the order shown, the rest empty. */
const startingAnswer = (item: CandidateItem): Answer | null =>
  item.type === 'ordering' ? { order: currentOrder(item.options, null) } : null;

/**
 * An adaptive exam: one question at a time, answered with an explicit "Submit answer and continue". The answer is
 * final; the next question arrives with the acknowledgement.
 */
export function AdaptivePlayer(props: {
  attempt: AttemptView;
  /** The save of the question asked now that waits for its acknowledgement, if any. */
  pending: PendingSave | undefined;
  connection: ConnectionState;
  disabled: boolean;
  onSubmitAnswer: (position: number, answer: Answer, timeOnItemMs: number) => void;
}) {
  const current = props.attempt.current;
  if (!current) {
    return (
      <section class="card question">
        <p aria-busy="true">Getting the next question…</p>
      </section>
    );
  }
  return (
    <AdaptiveQuestion
      key={current.position}
      position={current.position}
      item={current.item}
      maxQuestions={props.attempt.questions.max}
      pending={props.pending?.position === current.position ? props.pending : undefined}
      connection={props.connection}
      disabled={props.disabled}
      onSubmitAnswer={props.onSubmitAnswer}
    />
  );
}

function AdaptiveQuestion(props: {
  position: number;
  item: CandidateItem;
  maxQuestions: number;
  pending: PendingSave | undefined;
  connection: ConnectionState;
  disabled: boolean;
  onSubmitAnswer: (position: number, answer: Answer, timeOnItemMs: number) => void;
}) {
  const { item, position, pending } = props;
  const [draft, setDraft] = useState<Answer | null>(() => startingAnswer(item));
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldProblem, setFieldProblem] = useState<string | null>(null);
  const shownAt = useRef(performance.now());
  const heading = useRef<HTMLHeadingElement>(null);
  // A new question takes focus, so a screen reader starts reading it and the keyboard starts from it.
  useEffect(() => heading.current?.focus(), []);

  const sending = pending !== undefined;
  const submit = () => {
    if (fieldProblem) {
      setProblem(fieldProblem);
      return;
    }
    if (draft === null || isEmptyAnswer(item, draft)) {
      setProblem('Answer this question first: every question in this exam needs an answer.');
      return;
    }
    setProblem(null);
    props.onSubmitAnswer(position, draft, Math.round(performance.now() - shownAt.current));
  };

  const stemId = `stem-${position}`;
  return (
    <section class="card question" aria-labelledby={`question-${position}`}>
      <h2 id={`question-${position}`} tabIndex={-1} ref={heading} class="focus-target">
        Question {position} <span class="of">of at most {props.maxQuestions}</span>
      </h2>
      <p id={stemId} class="stem">
        {item.stem}
      </p>
      <ItemAnswer
        item={item}
        answer={pending ? pending.answer : draft}
        onAnswer={(answer) => {
          setDraft(answer);
          setProblem(null);
        }}
        onProblem={setFieldProblem}
        stemId={stemId}
        name={`q${position}`}
        disabled={sending || props.disabled}
      />
      <p class="hint">Answers are final: once you submit this answer you cannot come back to it.</p>
      <Alert message={problem} />
      <button type="button" class="submit-answer" onClick={submit} disabled={sending || props.disabled}>
        {sending ? 'Sending your answer…' : 'Submit answer and continue'}
      </button>
      {sending && props.connection === 'lost' && (
        <p class="muted">Your answer is kept and will be sent when the connection returns.</p>
      )}
    </section>
  );
}
