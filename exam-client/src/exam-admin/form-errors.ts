/**
 * Field errors of the exam-admin forms. Several of these forms sit on one page (or one per row), so each
 * form's fields get DOM keys under its own prefix, while the server names them by JSON pointer.
 */
import { placeByPointer } from '../certifications/error-placement';
import type { Wording } from '../field-errors';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import type { ErrorDetail } from '../types';

/** The server's details on the form's fields: `labels` names each pointer on screen; keys are `prefix + pointer`. */
export function placeOnForm(
  details: readonly ErrorDetail[],
  labels: ReadonlyMap<string, string>,
  prefix: string,
  wording: Wording = () => null,
): PlacedErrors {
  const placed = placeByPointer(details, labels, wording);
  return {
    byField: new Map([...placed.byField].map(([field, messages]) => [`${prefix}${field}`, messages])),
    unmapped: placed.unmapped,
    all: placed.all.map((entry) => ({
      ...entry,
      field: entry.field === null ? null : `${prefix}${entry.field}`,
    })),
  };
}

/**
 * A refusal from the server placed on the form's fields; a failure that names no field is thrown on, for the
 * form's alert.
 */
export function placeFailure(
  failure: unknown,
  labels: ReadonlyMap<string, string>,
  prefix: string,
  wording?: Wording,
): PlacedErrors {
  const details = detailsOf(failure);
  if (details.length === 0) throw failure;
  return placeOnForm(details, labels, prefix, wording);
}

/** Errors found before sending: one sentence per field (each already names its field). */
export function clientErrors(
  prefix: string,
  found: readonly { pointer: string; sentence: string }[],
): PlacedErrors {
  if (found.length === 0) return NO_ERRORS;
  const byField = new Map<string, string[]>();
  const all = found.map(({ pointer, sentence }) => {
    const field = `${prefix}${pointer}`;
    byField.set(field, [...(byField.get(field) ?? []), sentence]);
    return { detail: { path: pointer, rule: 'client', message: sentence } as ErrorDetail, field, sentence };
  });
  return { byField, unmapped: [], all };
}
