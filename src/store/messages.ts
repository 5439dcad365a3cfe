import { and, asc, desc, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from './db';
import { type MessageRow, messages, type NewMessageRow } from './schema';

export interface UpsertResult {
  inserted: number;
  edited: number;
  unchanged: number;
}

/**
 * Inserts new messages and updates changed ones in one transaction; a changed or revived row is
 * marked unsynced so the embed stage re-embeds it. Unchanged rows are not written at all.
 */
export function upsertMessages(db: Db, rows: NewMessageRow[]): UpsertResult {
  const result: UpsertResult = { inserted: 0, edited: 0, unchanged: 0 };
  if (rows.length === 0) return result;
  db.transaction((tx) => {
    const existing = new Map(
      tx
        .select({
          id: messages.id,
          content: messages.content,
          editedAt: messages.editedAt,
          deleted: messages.deleted,
          authorName: messages.authorName,
          attachments: messages.attachments,
          embeds: messages.embeds,
        })
        .from(messages)
        .where(
          inArray(
            messages.id,
            rows.map((r) => r.id),
          ),
        )
        .all()
        .map((r) => [r.id, r]),
    );
    const changed: NewMessageRow[] = [];
    for (const row of rows) {
      const old = existing.get(row.id);
      if (old === undefined) {
        result.inserted++;
        changed.push({ ...row, vectorSynced: false });
      } else if (
        old.content !== row.content ||
        old.deleted !== (row.deleted ?? false) ||
        old.editedAt !== (row.editedAt ?? null) ||
        old.authorName !== row.authorName ||
        old.attachments !== (row.attachments ?? '[]') ||
        old.embeds !== (row.embeds ?? '[]')
      ) {
        result.edited++;
        changed.push({ ...row, vectorSynced: false });
      } else {
        result.unchanged++;
      }
    }
    // 900 variables max per statement on older SQLite builds; 15 columns a row.
    for (let i = 0; i < changed.length; i += 50) {
      tx.insert(messages)
        .values(changed.slice(i, i + 50))
        .onConflictDoUpdate({
          target: messages.id,
          set: {
            content: sql`excluded.content`,
            authorName: sql`excluded.author_name`,
            editedAt: sql`excluded.edited_at`,
            deleted: sql`excluded.deleted`,
            attachments: sql`excluded.attachments`,
            embeds: sql`excluded.embeds`,
            vectorSynced: false,
          },
        })
        .run();
    }
  });
  return result;
}

/** Flags messages as deleted (kept for the record, removed from Chroma by the embed stage). */
export function markDeleted(db: Db, ids: string[]): number {
  if (ids.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    n += db
      .update(messages)
      .set({ deleted: true, vectorSynced: false })
      .where(and(inArray(messages.id, ids.slice(i, i + 500)), eq(messages.deleted, false)))
      .run().changes;
  }
  return n;
}

/** Ids of live messages of a channel created in [fromId, toId], for the rescan's deletion check. */
export function liveIdsBetween(db: Db, channelId: string, afterId: string, upToId: string): string[] {
  return db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.channelId, channelId),
        eq(messages.deleted, false),
        sql`CAST(${messages.id} AS INTEGER) > CAST(${afterId} AS INTEGER)`,
        sql`CAST(${messages.id} AS INTEGER) <= CAST(${upToId} AS INTEGER)`,
      ),
    )
    .all()
    .map((r) => r.id);
}

export function countUnsynced(db: Db): number {
  return db.$client
    .prepare('SELECT count(*) AS n FROM messages WHERE vector_synced = 0')
    .pluck()
    .get() as number;
}

export function markSynced(db: Db, ids: string[]): void {
  for (let i = 0; i < ids.length; i += 500) {
    db.update(messages)
      .set({ vectorSynced: true })
      .where(inArray(messages.id, ids.slice(i, i + 500)))
      .run();
  }
}

/** Marks every message unsynced, e.g. when a new vector collection must be filled from SQLite. */
export function markAllUnsynced(db: Db): void {
  db.update(messages).set({ vectorSynced: false }).run();
}

/** What /status calls "messages indexed": stored, not deleted, non-empty. */
export function countIndexed(db: Db, guildId: string): { messages: number; channels: number } {
  const row = db.$client
    .prepare(
      `SELECT count(*) AS messages, count(DISTINCT channel_id) AS channels
       FROM messages WHERE guild_id = ? AND deleted = 0 AND content <> ''`,
    )
    .get(guildId) as { messages: number; channels: number };
  return row;
}

/** Whether a guild has any searchable message; an index lookup, not a count. */
export function hasIndexedMessages(db: Db, guildId: string): boolean {
  return (
    db.$client
      .prepare("SELECT 1 FROM messages WHERE guild_id = ? AND deleted = 0 AND content <> '' LIMIT 1")
      .get(guildId) !== undefined
  );
}

/**
 * Changes whenever the index may have changed: a new row, or a run that started or ended (edits and
 * deletions only happen in runs). Cheap enough for every question, unlike counting.
 */
export function indexVersion(db: Db): string {
  const row = db.$client
    .prepare(
      `SELECT (SELECT max(rowid) FROM messages) AS maxRow,
              (SELECT id || ':' || coalesce(finished_at, 'running') FROM index_runs ORDER BY id DESC LIMIT 1) AS run`,
    )
    .get() as { maxRow: number | null; run: string | null };
  return `${row.maxRow ?? 0}/${row.run ?? 'none'}`;
}

/** Live, non-empty messages of every guild. */
export function countAllIndexed(db: Db): number {
  return db.$client
    .prepare("SELECT count(*) FROM messages WHERE deleted = 0 AND content <> ''")
    .pluck()
    .get() as number;
}

export function messagesByIds(db: Db, ids: string[]): MessageRow[] {
  if (ids.length === 0) return [];
  return db.select().from(messages).where(inArray(messages.id, ids)).all();
}

/**
 * Up to `before` live messages preceding and `after` following a message in its channel, by time
 * (an index seek on channel + created_at; comparing snowflakes as numbers could not use an index).
 */
export function neighbours(
  db: Db,
  m: Pick<MessageRow, 'id' | 'channelId' | 'createdAt'>,
  before: number,
  after: number,
): MessageRow[] {
  const live = and(eq(messages.channelId, m.channelId), eq(messages.deleted, false), ne(messages.id, m.id));
  const prev = db
    .select()
    .from(messages)
    .where(and(live, lte(messages.createdAt, m.createdAt)))
    .orderBy(desc(messages.createdAt))
    .limit(before)
    .all();
  const next = db
    .select()
    .from(messages)
    .where(and(live, gt(messages.createdAt, m.createdAt)))
    .orderBy(asc(messages.createdAt))
    .limit(after)
    .all();
  return [...prev.reverse(), ...next];
}

/** The distinct search terms of a text (letters, digits, underscore), without stopwords. */
export function searchTerms(text: string): string[] {
  // Lower case without diacritics, as the FTS5 tokenizer (unicode61 remove_diacritics 2) indexes them.
  const folded = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return [...new Set(folded.match(/[\p{L}\p{N}_]{2,}/gu) ?? [])]
    .filter((t) => !STOPWORDS.has(t))
    .slice(0, 32);
}

/** Turns terms into an FTS5 query of OR-ed quoted terms, so user input can never be FTS syntax. */
export function toFtsQuery(terms: string[]): string | undefined {
  if (terms.length === 0) return undefined;
  return terms.map((t) => `"${t.replaceAll('"', '')}"`).join(' OR ');
}

/**
 * The terms worth searching for, rarest first, while the messages they match stay under `budget`
 * (the rarest always kept): rare terms carry the meaning (an error code, a name), and ranking every
 * message that contains a common word is what made keyword search slow on a large server.
 * A term the tokenizer splits (ERR_OSSL_EVP) counts as its rarest part.
 */
export function selectTerms(db: Db, terms: string[], budget: number): string[] {
  const parts = terms.map((t) => t.split('_').filter(Boolean));
  const words = [...new Set(parts.flat())];
  if (words.length === 0) return [];
  const docs = new Map(
    (
      db.$client
        .prepare(`SELECT term, doc FROM messages_fts_vocab WHERE term IN (${words.map(() => '?').join(',')})`)
        .all(...words) as { term: string; doc: number }[]
    ).map((r) => [r.term, r.doc]),
  );
  const scored = terms
    .map((t, i) => ({ t, n: Math.min(...(parts[i] ?? []).map((w) => docs.get(w) ?? 0)) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => a.n - b.n);
  const chosen: string[] = [];
  let total = 0;
  for (const { t, n } of scored) {
    if (chosen.length > 0 && total + n > budget) break;
    chosen.push(t);
    total += n;
  }
  return chosen;
}

/** Keyword (BM25) search limited to one guild and a set of channels; best first. */
export function keywordSearch(
  db: Db,
  guildId: string,
  channelIds: string[],
  text: string,
  limit: number,
  budget = 5000,
): string[] {
  const q = toFtsQuery(selectTerms(db, searchTerms(text), budget));
  if (q === undefined || channelIds.length === 0) return [];
  const placeholders = channelIds.map(() => '?').join(',');
  return db.$client
    .prepare(
      `SELECT m.id FROM messages_fts f
       JOIN messages m ON m.id = CAST(f.rowid AS TEXT)
       WHERE messages_fts MATCH ? AND m.guild_id = ? AND m.deleted = 0 AND m.channel_id IN (${placeholders})
       ORDER BY bm25(messages_fts) LIMIT ?`,
    )
    .pluck()
    .all(q, guildId, ...channelIds, limit) as string[];
}

const STOPWORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who why will with would you your about anyone anything did does someone something ' +
    'tell know said say says talk talked'
  ).split(' '),
);

// ---- Vector outbox (indexer) ----------------------------------------------------------------

/**
 * Up to `limit` rows the vector store does not reflect yet, skipping `exclude` (rows already being
 * embedded). No ORDER BY: the partial index on unsynced rows is then read in order, so each call
 * costs what it returns even when a whole collection is being refilled.
 */
export function nextUnsynced(db: Db, limit: number, exclude: ReadonlySet<string> = new Set()): MessageRow[] {
  const rows = db
    .select()
    .from(messages)
    .where(sql`vector_synced = 0`)
    .limit(limit + exclude.size)
    .all();
  return exclude.size === 0 ? rows : rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
}

/**
 * Marks rows synced only where what the vector store was given (content, deleted flag, author
 * name) is still what SQLite holds, so an edit stored while its older version was being embedded
 * stays in the outbox. Returns how many rows were marked.
 */
export function markSyncedIfUnchanged(
  db: Db,
  rows: Pick<MessageRow, 'id' | 'content' | 'deleted' | 'authorName'>[],
): number {
  if (rows.length === 0) return 0;
  const stmt = db.$client.prepare(
    `UPDATE messages SET vector_synced = 1
     WHERE id = ? AND content = ? AND deleted = ? AND author_name = ? AND vector_synced = 0`,
  );
  let n = 0;
  db.$client.transaction(() => {
    for (const r of rows) n += stmt.run(r.id, r.content, r.deleted ? 1 : 0, r.authorName).changes;
  })();
  return n;
}

/** Rows that the vector store should hold right now: synced, live and with text. */
export function countSyncedSearchable(db: Db): number {
  return db.$client
    .prepare(`SELECT count(*) FROM messages WHERE vector_synced = 1 AND deleted = 0 AND content <> ''`)
    .pluck()
    .get() as number;
}

/** Puts every synced, live, non-empty row back into the outbox (the vector store lost them all). */
export function markSearchableUnsynced(db: Db): number {
  return db.$client
    .prepare(
      `UPDATE messages SET vector_synced = 0 WHERE vector_synced = 1 AND deleted = 0 AND content <> ''`,
    )
    .run().changes;
}

/** One page of the ids `countSyncedSearchable` counts, in rowid order; pass the last `rowid` back. */
export function syncedSearchablePage(
  db: Db,
  afterRowid: number,
  limit: number,
): { rowid: number; id: string }[] {
  return db.$client
    .prepare(
      `SELECT rowid, id FROM messages
       WHERE rowid > ? AND vector_synced = 1 AND deleted = 0 AND content <> ''
       ORDER BY rowid LIMIT ?`,
    )
    .all(afterRowid, limit) as { rowid: number; id: string }[];
}

/** Puts the given rows back into the outbox. */
export function markUnsynced(db: Db, ids: string[]): void {
  for (let i = 0; i < ids.length; i += 500) {
    db.update(messages)
      .set({ vectorSynced: false })
      .where(inArray(messages.id, ids.slice(i, i + 500)))
      .run();
  }
}
