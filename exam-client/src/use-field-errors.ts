import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { type SentencesByField, sentencesByField } from './field-errors';
import { detailsOf } from './items/error-paths';

const NONE: SentencesByField = { byField: new Map(), rest: [] };

/** A simple form's field errors (for components/form.tsx's Field): what to show at each field, and the guard. */
export interface FormFieldErrors {
  /** The sentences to show at the field that edits `pointer` (`errors` prop of Field). */
  at: (pointer: string) => readonly string[] | undefined;
  /**
   * Runs the form's API call: a refusal naming fields puts a sentence at each (see field-errors.ts) and
   * throws `refusal` for the form's alert; success clears them.
   */
  guard: <T>(action: () => Promise<T>, refusal: string) => Promise<T>;
}

/** Field errors of a form whose fields are named by `labels` (JSON pointer of the value sent → label). */
export function useFieldErrors(labels: ReadonlyMap<string, string>): FormFieldErrors {
  const [placed, setPlaced] = useState<SentencesByField>(NONE);
  const guard = async <T>(action: () => Promise<T>, refusal: string): Promise<T> => {
    try {
      const result = await action();
      setPlaced(NONE);
      return result;
    } catch (failure) {
      const details = detailsOf(failure);
      const next = sentencesByField(details, labels);
      setPlaced(next);
      if (failure instanceof ApiError && details.length > 0 && next.rest.length === 0) {
        throw new ApiError(failure.status, failure.code, `${refusal}: see the marked fields.`);
      }
      throw failure;
    }
  };
  return { at: (pointer) => placed.byField.get(pointer), guard };
}
