import type { TargetedEvent, TargetedInputEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { MAX_SHORT_TEXT_RESPONSE } from '../../../server/domain/items/normalise-text.js';
import type { Answer, CandidateItem } from '../types';
import {
  answerText,
  chosenOption,
  chosenOptions,
  chosenTruth,
  currentOrder,
  currentPairs,
  matchPrompt,
  moveEntry,
  parseNumber,
  toggleOption,
} from './answers';

/**
 * How an answer changed: `typing` while a field is being typed into (the player waits for a pause before it
 * saves), `final` for a choice made (saved at once).
 */
export type AnswerChange = 'typing' | 'final';

/** The props every item type's answer control takes. */
interface ItemProps<T extends CandidateItem['type']> {
  item: Extract<CandidateItem, { type: T }>;
  answer: Answer | null;
  onAnswer: (answer: Answer | null, change: AnswerChange) => void;
  /** The element holding the question's stem: it names the group of answer controls. */
  stemId: string;
  /** A prefix unique to this question, for input names. */
  name: string;
  disabled: boolean;
}

/**
 * A question's media and answer controls, for each of the seven item types. Every control has a label; groups
 * are named by the question's stem; the ordering item is moved with buttons (keyboard and screen-reader
 * friendly, no dragging needed).
 */
export function ItemAnswer(props: {
  item: CandidateItem;
  answer: Answer | null;
  onAnswer: (answer: Answer | null, change: AnswerChange) => void;
  stemId: string;
  name: string;
  disabled?: boolean;
  /** Ordering: offer "Use this order" while the question is unanswered (forms saved as the candidate goes). */
  offerKeepOrder?: boolean;
  /** Told when what is typed cannot be an answer (a number field holding text), and when it can again. */
  onProblem?: (problem: string | null) => void;
}) {
  const common = {
    answer: props.answer,
    onAnswer: props.onAnswer,
    stemId: props.stemId,
    name: props.name,
    disabled: props.disabled ?? false,
  };
  const { item } = props;
  return (
    <>
      {item.media.length > 0 && <Media media={item.media} />}
      {item.type === 'single_choice' && <SingleChoice item={item} {...common} />}
      {item.type === 'multiple_response' && <MultipleResponse item={item} {...common} />}
      {item.type === 'true_false' && <TrueFalse item={item} {...common} />}
      {item.type === 'numeric' && <NumericAnswer item={item} {...common} onProblem={props.onProblem} />}
      {item.type === 'short_text' && <ShortText item={item} {...common} />}
      {item.type === 'ordering' && (
        <Ordering item={item} {...common} offerKeepOrder={props.offerKeepOrder ?? false} />
      )}
      {item.type === 'matching' && <Matching item={item} {...common} />}
    </>
  );
}

function Media(props: { media: CandidateItem['media'] }) {
  return (
    <div class="item-media">
      {props.media.map((media) =>
        media.kind === 'image' ? (
          <img key={media.ref} src={media.ref} alt={media.alt} />
        ) : (
          <figure key={media.ref}>
            <MediaPlayer media={media} />
            <figcaption>{media.alt}</figcaption>
          </figure>
        ),
      )}
    </div>
  );
}

/** A recording or clip; its text description is the figure's caption (items carry no caption tracks). */
function MediaPlayer(props: { media: CandidateItem['media'][number] }) {
  const { media } = props;
  if (media.kind === 'audio') {
    // biome-ignore lint/a11y/useMediaCaption: the item's text description is shown as the caption
    return <audio controls src={media.ref} aria-label={media.alt} />;
  }
  // biome-ignore lint/a11y/useMediaCaption: the item's text description is shown as the caption
  return <video controls src={media.ref} aria-label={media.alt} />;
}

function SingleChoice(props: ItemProps<'single_choice'>) {
  const hintId = useId();
  const chosen = chosenOption(props.answer);
  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId} aria-describedby={hintId}>
      <p id={hintId} class="hint">
        Choose one answer.
      </p>
      {props.item.options.map((option) => (
        <label key={option.id} class="choice">
          <input
            type="radio"
            name={props.name}
            value={option.id}
            checked={chosen === option.id}
            disabled={props.disabled}
            onChange={() => props.onAnswer({ optionId: option.id }, 'final')}
          />
          <span>{option.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

function MultipleResponse(props: ItemProps<'multiple_response'>) {
  const hintId = useId();
  const chosen = chosenOptions(props.answer);
  const limit = props.item.selectCount;
  const [refusal, setRefusal] = useState('');
  const toggle = (event: TargetedEvent<HTMLInputElement>, optionId: string) => {
    const next = toggleOption(chosen, optionId, limit);
    if (next.length === chosen.length && !chosen.includes(optionId)) {
      // Over the limit: the box stays unticked, and the candidate is told why.
      event.currentTarget.checked = false;
      setRefusal(`You have already chosen ${limit}: untick one to choose another.`);
      return;
    }
    setRefusal('');
    props.onAnswer(next.length === 0 ? null : { optionIds: next }, 'final');
  };
  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId} aria-describedby={hintId}>
      <p id={hintId} class="hint">
        {limit === undefined
          ? 'Choose every answer that applies.'
          : `Choose ${limit} answers (${chosen.length} chosen).`}
      </p>
      {props.item.options.map((option) => (
        <label key={option.id} class="choice">
          <input
            type="checkbox"
            name={props.name}
            value={option.id}
            checked={chosen.includes(option.id)}
            disabled={props.disabled}
            onChange={(event) => toggle(event, option.id)}
          />
          <span>{option.text}</span>
        </label>
      ))}
      <p role="status" class="hint">
        {refusal}
      </p>
    </fieldset>
  );
}

function TrueFalse(props: ItemProps<'true_false'>) {
  const hintId = useId();
  const chosen = chosenTruth(props.answer);
  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId} aria-describedby={hintId}>
      <p id={hintId} class="hint">
        Is this statement true or false?
      </p>
      {[true, false].map((value) => (
        <label key={String(value)} class="choice">
          <input
            type="radio"
            name={props.name}
            value={String(value)}
            checked={chosen === value}
            disabled={props.disabled}
            onChange={() => props.onAnswer({ value }, 'final')}
          />
          <span>{value ? 'True' : 'False'}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** What a number field says when its text is not a number. */
const NOT_A_NUMBER = 'Enter a number, such as 12.5.';

function NumericAnswer(props: ItemProps<'numeric'> & { onProblem?: (problem: string | null) => void }) {
  const id = useId();
  const errorId = `${id}-error`;
  const units = props.item.units ?? [];
  const storedUnit = typeof props.answer?.unit === 'string' ? props.answer.unit : '';
  const [text, setText] = useState(() => answerText(props.item, props.answer));
  const [unit, setUnit] = useState(storedUnit || (units[0] ?? ''));
  const [invalid, setInvalid] = useState(false);

  const answerOf = (typed: string, chosenUnit: string): Answer | null | undefined => {
    if (typed.trim() === '') return null;
    const value = parseNumber(typed);
    if (value === null) return undefined;
    return units.length > 0 && chosenUnit ? { value, unit: chosenUnit } : { value };
  };
  const report = (typed: string, chosenUnit: string, change: AnswerChange) => {
    const answer = answerOf(typed, chosenUnit);
    setInvalid(answer === undefined);
    props.onProblem?.(answer === undefined ? NOT_A_NUMBER : null);
    if (answer !== undefined) props.onAnswer(answer, change);
  };

  return (
    <fieldset class="answer-group numeric-answer" aria-labelledby={props.stemId}>
      <div class="field">
        <label for={`${id}-value`}>Your answer (a number)</label>
        <input
          id={`${id}-value`}
          type="text"
          inputMode="decimal"
          autocomplete="off"
          value={text}
          disabled={props.disabled}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? errorId : undefined}
          onInput={(event: TargetedInputEvent<HTMLInputElement>) => {
            setText(event.currentTarget.value);
            report(event.currentTarget.value, unit, 'typing');
          }}
          onBlur={() => report(text, unit, 'final')}
        />
        {invalid && (
          <p id={errorId} class="field-error">
            {NOT_A_NUMBER}
          </p>
        )}
      </div>
      {units.length > 0 && (
        <div class="field">
          <label for={`${id}-unit`}>Unit</label>
          <select
            id={`${id}-unit`}
            value={unit}
            disabled={props.disabled}
            onChange={(event: TargetedEvent<HTMLSelectElement>) => {
              setUnit(event.currentTarget.value);
              report(text, event.currentTarget.value, 'final');
            }}
          >
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
      )}
    </fieldset>
  );
}

function ShortText(props: ItemProps<'short_text'>) {
  const id = useId();
  const [text, setText] = useState(() => answerText(props.item, props.answer));
  const answerOf = (typed: string) => (typed.trim() === '' ? null : { text: typed });
  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId}>
      <div class="field">
        <label for={id}>Your answer</label>
        <input
          id={id}
          type="text"
          autocomplete="off"
          spellcheck={false}
          maxLength={MAX_SHORT_TEXT_RESPONSE}
          value={text}
          disabled={props.disabled}
          onInput={(event: TargetedInputEvent<HTMLInputElement>) => {
            setText(event.currentTarget.value);
            props.onAnswer(answerOf(event.currentTarget.value), 'typing');
          }}
          onBlur={() => props.onAnswer(answerOf(text), 'final')}
        />
      </div>
    </fieldset>
  );
}

function Ordering(props: ItemProps<'ordering'> & { offerKeepOrder: boolean }) {
  const hintId = useId();
  const order = currentOrder(props.item.options, props.answer);
  const textOf = (optionId: string) => props.item.options.find((o) => o.id === optionId)?.text ?? optionId;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const [moved, setMoved] = useState('');

  // Focus stays with the entry that moved: on the same button, or the other one once it reaches an end.
  useEffect(() => {
    if (!focusNext) return;
    const [optionId, direction] = focusNext.split('\u0000') as [string, 'up' | 'down'];
    const same = buttons.current.get(`${optionId}:${direction}`);
    const other = buttons.current.get(`${optionId}:${direction === 'up' ? 'down' : 'up'}`);
    (same && !same.disabled ? same : other)?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const move = (index: number, delta: -1 | 1) => {
    const optionId = order[index] as string;
    const next = moveEntry(order, index, delta);
    setMoved(`${textOf(optionId)}: now ${index + delta + 1} of ${order.length}.`);
    setFocusNext(`${optionId}\u0000${delta < 0 ? 'up' : 'down'}`);
    props.onAnswer({ order: next }, 'final');
  };

  const bind = (key: string) => (element: HTMLButtonElement | null) => {
    if (element) buttons.current.set(key, element);
    else buttons.current.delete(key);
  };

  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId} aria-describedby={hintId}>
      <p id={hintId} class="hint">
        Put these in order, the first at the top: move each one with its Up and Down buttons.
      </p>
      <ol class="order-list">
        {order.map((optionId, index) => (
          <li key={optionId}>
            <span class="order-text">{textOf(optionId)}</span>
            <span class="order-moves">
              <button
                type="button"
                class="secondary"
                ref={bind(`${optionId}:up`)}
                disabled={props.disabled || index === 0}
                aria-label={`Move up: ${textOf(optionId)}`}
                onClick={() => move(index, -1)}
              >
                ↑ Up
              </button>
              <button
                type="button"
                class="secondary"
                ref={bind(`${optionId}:down`)}
                disabled={props.disabled || index === order.length - 1}
                aria-label={`Move down: ${textOf(optionId)}`}
                onClick={() => move(index, 1)}
              >
                ↓ Down
              </button>
            </span>
          </li>
        ))}
      </ol>
      <p role="status" class="visually-hidden">
        {moved}
      </p>
      {props.offerKeepOrder && props.answer === null && (
        <button
          type="button"
          class="secondary"
          disabled={props.disabled}
          onClick={() => props.onAnswer({ order }, 'final')}
        >
          Answer with this order
        </button>
      )}
    </fieldset>
  );
}

function Matching(props: ItemProps<'matching'>) {
  const hintId = useId();
  const id = useId();
  const pairs = currentPairs(props.answer);
  const choose = (promptId: string, optionId: string) => {
    const next = matchPrompt(pairs, promptId, optionId);
    props.onAnswer(Object.keys(next).length === 0 ? null : { pairs: next }, 'final');
  };
  return (
    <fieldset class="answer-group" aria-labelledby={props.stemId} aria-describedby={hintId}>
      <p id={hintId} class="hint">
        Choose a match for each one{' '}
        {props.item.options.length > props.item.prompts.length ? '(some choices are not used)' : ''}.
      </p>
      {props.item.prompts.map((prompt, index) => (
        <div key={prompt.id} class="field">
          <label for={`${id}-${index}`}>{prompt.text}</label>
          <select
            id={`${id}-${index}`}
            value={pairs[prompt.id] ?? ''}
            disabled={props.disabled}
            onChange={(event: TargetedEvent<HTMLSelectElement>) =>
              choose(prompt.id, event.currentTarget.value)
            }
          >
            <option value="">Choose a match</option>
            {props.item.options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.text}
              </option>
            ))}
          </select>
        </div>
      ))}
    </fieldset>
  );
}
