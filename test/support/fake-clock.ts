import type { Clock } from '../../server/domain/clock.js';

/** A clock that stands still until a test moves it. */
export class FakeClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2026-11-22T09:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  /** Sets the time. */
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}
