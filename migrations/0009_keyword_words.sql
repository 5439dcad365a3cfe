-- Keyword search across scripts (issue 17): the FTS5 table now indexes `messages.search_text`, the
-- words src/text/words.ts finds in a message (NFKC, lower case, Latin-style diacritics folded, the
-- marks of other scripts kept, unspaced scripts as character bigrams), with FTS5's `ascii`
-- tokenizer, which splits only at ASCII spaces and punctuation: every word is indexed exactly as the
-- question's words are found, by the same code, whatever SQLite's own Unicode tables know.
-- Rows stored before this version hold no search_text yet: they are indexed by their lower-cased
-- text until the next index run fills it in (src/indexer/indexer.ts, refreshSearchText).
DROP TRIGGER IF EXISTS `messages_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `messages_fts_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `messages_fts_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `messages_fts_vocab`;
--> statement-breakpoint
DROP TABLE IF EXISTS `messages_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `messages_fts` USING fts5(
  words,
  content = '',
  contentless_delete = 1,
  tokenize = 'ascii'
);
--> statement-breakpoint
INSERT INTO messages_fts(rowid, words)
  SELECT CAST(id AS INTEGER), coalesce(search_text, lower(content || ' ' || author_name))
  FROM messages WHERE deleted = 0 AND content <> '';
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages`
WHEN new.deleted = 0 AND new.content <> ''
BEGIN
  INSERT INTO messages_fts(rowid, words)
    VALUES (CAST(new.id AS INTEGER), coalesce(new.search_text, lower(new.content || ' ' || new.author_name)));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF content, author_name, deleted, search_text ON `messages`
BEGIN
  DELETE FROM messages_fts WHERE rowid = CAST(old.id AS INTEGER);
  INSERT INTO messages_fts(rowid, words)
    SELECT CAST(new.id AS INTEGER), coalesce(new.search_text, lower(new.content || ' ' || new.author_name))
    WHERE new.deleted = 0 AND new.content <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages`
BEGIN
  DELETE FROM messages_fts WHERE rowid = CAST(old.id AS INTEGER);
END;
