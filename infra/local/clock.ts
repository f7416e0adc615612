/**
 * The local stand-in for EventBridge Scheduler's sense of time: a clock that
 * runs with real time but can be moved forward (POST /local/clock), firing
 * whatever falls due, so a demo or a test can live through a year in seconds.
 */
import type { Clock } from '../../shared/ports.ts';

interface Timer {
  at: number;
  fire: () => Promise<void> | void;
}

export class LocalClock implements Clock {
  private offsetMs: number;
  private timers: Timer[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private readonly moveListeners: ((from: Date, to: Date) => Promise<void>)[] = [];
  private readonly beforeMoveListeners: (() => Promise<unknown>)[] = [];

  constructor(
    offsetMs = 0,
    private readonly persist: (offsetMs: number) => Promise<void> = async () => {},
  ) {
    this.offsetMs = offsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Calls `fire` once the clock reaches `at` (moved or by real time). */
  at(at: Date, fire: () => Promise<void> | void): () => void {
    const timer = { at: at.getTime(), fire };
    this.timers.push(timer);
    this.ensureTicking();
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Runs before each move, before any timer fires (the workflow engine re-arming the deadlines of executions left waiting). */
  beforeMove(listener: () => Promise<unknown>): void {
    this.beforeMoveListeners.push(listener);
  }

  /** Runs after each move, once the timers that fell due have fired (the scheduled jobs). */
  onMove(listener: (from: Date, to: Date) => Promise<void>): void {
    this.moveListeners.push(listener);
  }

  /** Moves the clock forward and runs, in time order, everything that has fallen due. */
  async moveTo(target: Date): Promise<void> {
    for (const listener of this.beforeMoveListeners) await listener();
    const from = this.now();
    const delta = target.getTime() - from.getTime();
    if (delta > 0) {
      this.offsetMs += delta;
      await this.persist(this.offsetMs);
    }
    await this.fireDue();
    for (const listener of this.moveListeners) await listener(from, this.now());
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.timers = [];
  }

  private async fireDue(): Promise<void> {
    for (;;) {
      const now = this.now().getTime();
      const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers = this.timers.filter((t) => t !== due);
      await due.fire();
    }
  }

  private ensureTicking(): void {
    if (this.ticker) return;
    // Real time passes too; a coarse tick is enough for deadlines measured in days.
    this.ticker = setInterval(() => void this.fireDue(), 1000);
    this.ticker.unref();
  }
}
