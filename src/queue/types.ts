/**
 * The durable queue of deferred interactions. The acknowledging process writes a job before it
 * answers Discord; answer workers (threads or other processes) take jobs with a lease that they
 * renew while they work, so a job whose worker died is taken up again by another once its lease
 * runs out. Implemented over SQLite (a file of its own) and PostgreSQL (`FOR UPDATE SKIP LOCKED`),
 * with the same queries (sql-queue.ts).
 */

/**
 * What a job does. `ask` and `help` (answering a help-channel post, issue 19) take a model slot
 * (lane 1); the others are quick (lane 0): `settings` (/settings), `help-action` (hand-off,
 * solved, "Mark as solution").
 */
export type JobKind =
  | 'ask'
  | 'status'
  | 'feedback'
  | 'forget'
  | 'help'
  | 'settings'
  | 'help-action'
  /** /insights and its page buttons (issue 21). */
  | 'insights';

export const LANE: Record<JobKind, 0 | 1> = {
  ask: 1,
  status: 0,
  feedback: 0,
  forget: 0,
  help: 1,
  settings: 0,
  'help-action': 0,
  insights: 0,
};

/** Discord's interaction tokens are valid for 15 minutes. https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

export interface JobInput {
  /** The interaction id (unique; a second delivery is not queued again). */
  id: string;
  kind: JobKind;
  guildId: string;
  userId: string;
  /** The interaction token: a secret, kept only until the job ends. */
  token: string;
  payload: Record<string, unknown>;
  /** Unix ms when the interaction arrived. */
  receivedAt: number;
}

/** What a job has delivered so far, saved as it goes, so a second attempt can replace it. */
export interface JobState {
  /** Follow-up messages posted by an earlier attempt (parts of an answer, a private copy). */
  followUpIds?: string[];
  [key: string]: unknown;
}

export interface Job extends JobInput {
  /** When the token dies: received + 15 minutes. */
  expiresAt: number;
  /** 1 on the first try; more when taken up again after a worker died. */
  attempts: number;
  state: JobState;
}

export type EnqueueResult =
  | { status: 'queued'; expectedWaitMs: number }
  | { status: 'duplicate' }
  | { status: 'member_limit'; open: number }
  | { status: 'busy'; expectedWaitMs: number; reason: 'wait' | 'expiry' };

/** The rules a question is admitted by (see admission.ts). */
export interface AdmissionPolicy {
  /** A question whose expected wait is longer than this is refused as busy. */
  maxWaitMs: number;
  /** Questions one member may have waiting or being answered at once. */
  maxPerMember: number;
  /**
   * Answer time shown (in /status's expected wait) before any answer was measured. Admission does
   * not refuse on a guess: until an answer is measured every question is queued.
   */
  defaultServiceMs: number;
  /** Model slots assumed when no worker has registered yet (one is starting). */
  fallbackSlots: number;
  /** Time kept free before the token dies for the final edit. */
  expiryMarginMs: number;
}

export interface QueueStats {
  /** Questions waiting for a model slot. */
  waiting: number;
  /** How long the oldest of them has waited, ms (0 when none). */
  oldestWaitMs: number;
  /** Questions being answered. */
  running: number;
  /** Workers alive (heartbeat within the last 15 s) and the model slots they offer. */
  workers: number;
  slots: number;
  /** Mean answer time of recent answers, ms (the default when none was measured). */
  serviceMs: number;
  /** What a member with nothing open would wait now, ms. */
  expectedWaitMs: number;
}

/** Answers a guild was given in a period: how many, and how long from question to final edit. */
export interface AnswerStats {
  served: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  /** Answers it works on at once. */
  slots: number;
}

/** A question `enqueue` refused; `reason` is `member_limit`, `busy_wait` or `busy_expiry`. */
export interface RefusedJob extends Job {
  reason: string;
}

/**
 * The queue. Leases, heartbeats, waits and answer times are stamped and judged with the database's
 * clock; where a method takes `now`, it is the caller's own clock, used only to carry a duration
 * across (how long ago the interaction arrived) or to give times back on that clock.
 */
export interface JobQueue {
  /**
   * Admits and records a job in one transaction, durably, before the caller acknowledges the
   * interaction: `duplicate` for an id seen before, `member_limit` or `busy` (answer jobs only)
   * when it is refused by `policy`. `now` is the caller's clock, the one `job.receivedAt` is on.
   */
  enqueue(job: JobInput, policy: AdmissionPolicy, now: number): Promise<EnqueueResult>;
  /**
   * Records a job that no interaction is waiting on (a help-channel post the watcher found), without
   * admission: it waits its member's turn however long the queue is. `expiresAt` replaces the
   * token's 15 minutes (there is no token): the job counts as received now, by the database's
   * clock, and expires `expiresAt - job.receivedAt` later. An id recorded before is ignored
   * (`duplicate`), so a source that finds the same work again can offer it again.
   */
  offer(job: JobInput, expiresAt: number): Promise<'queued' | 'duplicate'>;
  /**
   * Takes the next job of `lanes` (quick lane first, then members in turn, oldest first), or one
   * whose lease ran out by the database's clock, leasing it to `worker` for `leaseMs`. The job's
   * `receivedAt` and `expiresAt` come back on the caller's clock (`now`, read just before).
   */
  claim(worker: string, lanes: readonly (0 | 1)[], leaseMs: number, now: number): Promise<Job | undefined>;
  /** Extends the leases of `ids` held by `worker` to the database's now + leaseMs; returns the ids it still holds. */
  renew(worker: string, ids: readonly string[], leaseMs: number): Promise<string[]>;
  saveState(id: string, worker: string, state: JobState): Promise<void>;
  /** Ends a job held by `worker`, forgetting its token. */
  finish(id: string, worker: string, outcome: string): Promise<void>;
  stats(policy: Pick<AdmissionPolicy, 'defaultServiceMs' | 'fallbackSlots'>): Promise<QueueStats>;
  /** Answers of a guild that ended in the last `windowMs` (kept until pruned), with latency percentiles. */
  answerStats(guildId: string, windowMs: number): Promise<AnswerStats>;
  /** Registers or refreshes a worker's heartbeat, with how many answers it is working on. */
  heartbeat(worker: WorkerInfo, busy: number): Promise<void>;
  removeWorker(id: string): Promise<void>;
  /** Puts a job held by `worker` back in line (a graceful stop): another worker or a restart takes it up. */
  release(id: string, worker: string): Promise<void>;
  /** Resolves when the queue's database answers. */
  ping(): Promise<void>;
  /**
   * Questions refused at the acknowledgement (busy, the member's limit), oldest first, their times on
   * the database's clock: kept beside the jobs by `enqueue` in its own transaction until insights
   * records them (issue 21).
   */
  refused(limit: number): Promise<RefusedJob[]>;
  /** Forgets refused questions once they were recorded. */
  dropRefused(ids: readonly string[]): Promise<void>;
  /**
   * Deletes jobs that ended (and refused questions kept) more than `keepMs` ago, and workers silent
   * as long; returns how many jobs.
   */
  prune(keepMs: number): Promise<number>;
  close(): Promise<void>;
}
