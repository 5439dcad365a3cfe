/**
 * Admission by time, not by count: how long a new question would wait, from the measured answer
 * time and the model slots of the workers alive, and whether it may still be answered before its
 * interaction token dies. Pure functions; the queue gathers the figures in the same transaction
 * that records the question.
 */

export interface WaitInputs {
  /** Answer jobs waiting that will be served before this one (lower turn, or same turn and older). */
  ahead: number;
  /** Answer jobs being worked on now. */
  running: number;
  /** Model slots of the workers alive. */
  slots: number;
  /** Mean time to answer one question, ms. */
  serviceMs: number;
}

/**
 * Expected wait before a question's answer starts, ms: the jobs before it pass through `slots`
 * slots at one service time each; 0 while a slot is free.
 */
export function expectedWaitMs({ ahead, running, slots, serviceMs }: WaitInputs): number {
  if (slots <= 0) return Number.POSITIVE_INFINITY;
  const before = ahead + running - slots + 1;
  return before <= 0 ? 0 : Math.ceil(before / slots) * serviceMs;
}

export type Admission = { admit: true } | { admit: false; reason: 'wait' | 'expiry' };

/**
 * Whether to queue a question: refused when its expected wait exceeds `maxWaitMs`, or when waiting
 * and then answering would end after the token dies (less a margin for the final edit).
 */
export function admit(opts: {
  waitMs: number;
  serviceMs: number;
  now: number;
  expiresAt: number;
  maxWaitMs: number;
  marginMs: number;
}): Admission {
  if (opts.waitMs > opts.maxWaitMs) return { admit: false, reason: 'wait' };
  if (opts.now + opts.waitMs + opts.serviceMs > opts.expiresAt - opts.marginMs)
    return { admit: false, reason: 'expiry' };
  return { admit: true };
}
