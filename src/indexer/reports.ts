import type { RunSource } from '../store/types';
import type { SkippedMessage } from './sync';

// What an index run reports: its progress while it works and its summary at the end. Apart from
// the indexer that makes them and the printer that shows them, so neither imports the other.

/** What a run reports while it works; `scripts/index.ts` prints them, tests may collect them. */
export type ProgressEvent =
  | { kind: 'start'; runId: number; source: RunSource }
  | { kind: 'note'; message: string }
  | { kind: 'channels'; total: number; skipped: number }
  | { kind: 'channel-start'; id: string; name: string }
  | { kind: 'channel-page'; id: string; name: string; fetched: number }
  | {
      kind: 'channel-done';
      id: string;
      name: string;
      fetched: number;
      inserted: number;
      edited: number;
      deleted: number;
      gone?: boolean;
      error?: string;
    }
  | { kind: 'embedded'; embedded: number; pending: number };

/** How one run went: what /status, the metrics, the scheduler's log and `npm run index` report. */
export interface RunSummary {
  /** The index_runs row; 0 when the run never started (skipped, or an import file that is unusable). */
  runId: number;
  /** What the run read: Discord incrementally, its whole history (`--full`), export files, or nothing (`--embed-only`). */
  source: RunSource;
  /**
   * `partial`: it ended, but some channels failed, a guild is unreachable, some messages were not
   * embedded or the embedding is pending; `failed`: it stopped (error 'stopped') or could not go on.
   */
  status: 'ok' | 'partial' | 'failed' | 'skipped';
  channels: number;
  messagesNew: number;
  messagesEdited: number;
  messagesDeleted: number;
  messagesEmbedded: number;
  /** Messages read from Discord (or the export file), stored or not. */
  messagesRead: number;
  /** Message page requests made to Discord (one per up to 100 messages read). */
  pages: number;
  /** Messages of members who opted out (`/forget-me`), not stored. */
  messagesOptedOut: number;
  /** Messages older than INDEX_RETENTION_DAYS removed from the index by this run. */
  messagesExpired: number;
  /** Full run: messages known deleted whose text this run wiped (vectors removed too). */
  messagesWiped: number;
  /** Set when the embed stage could not run to its end (Ollama or Chroma unreachable): left for a later run. */
  /**
   * Messages stored but not embedded, and why; `reembed` when only `npm run index -- --reembed`
   * will embed them (the model's vectors no longer fit the index), not the next run.
   */
  embedPending?: { messages: number; reason: string; reembed?: boolean };
  /** Ollama or Chroma could not embed, but nothing was waiting to be embedded: why, for one line. */
  embedUnavailable?: string;
  /** The guilds the run read (crawled, or named by the export files), with their names ('' when unknown). */
  guilds?: { id: string; name: string }[];
  /** Messages the embedding model refused even shortened; stored and keyword-searchable, retried next run. */
  skippedMessages: SkippedMessage[];
  failedChannels: { id: string; error: string }[];
  /** Guilds of INDEX_GUILD_IDS the bot is no longer in (403/404 on the guild), recorded for /status. */
  unreachableGuilds: { guildId: string; error: string }[];
  seconds: number;
  /** Why it failed or was skipped; for `partial`, what is missing, in one line. */
  error?: string;
}
