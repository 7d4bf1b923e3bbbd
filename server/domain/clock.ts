/** The only source of "now" the app and domain see; tests pass a fake one. */
export interface Clock {
  now(): Date;
}
