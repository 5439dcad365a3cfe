import { sql } from 'drizzle-orm';
import type { Executor } from '../sql';
import type { LockResult, Store } from '../types';
import { createAnswerStore } from './answers';
import { createChannelStore } from './channels';
import { createConversationStore } from './conversations';
import { createGuildStore } from './guilds';
import { createHelpStore } from './help';
import { createInsightsStore } from './insights';
import { createMemberStore } from './members';
import { createMessageStore, type KeywordIndex } from './messages';
import { createOutboxStore } from './outbox';
import { createRunStore } from './runs';
import { createSettingsStore } from './settings';

/** What a dialect folder contributes beyond its executor. */
export interface DialectParts {
  keywords: KeywordIndex;
  acquireLock(opts: { heartbeatMs?: number; staleMs?: number }): Promise<LockResult>;
  close(): Promise<void>;
}

/** The store over one executor: the shared queries plus the dialect's own parts. */
export function createStore(exec: Executor, parts: DialectParts): Store {
  return {
    dialect: exec.dialect,
    messages: createMessageStore(exec, parts.keywords),
    channels: createChannelStore(exec),
    conversations: createConversationStore(exec),
    outbox: createOutboxStore(exec),
    runs: createRunStore(exec, parts.acquireLock),
    members: createMemberStore(exec),
    answers: createAnswerStore(exec),
    guilds: createGuildStore(exec),
    settings: createSettingsStore(exec),
    help: createHelpStore(exec),
    insights: createInsightsStore(exec),
    async ping() {
      await exec.get(sql`SELECT 1 AS one`);
    },
    close: () => parts.close(),
  };
}
