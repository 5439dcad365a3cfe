-- Keyword search over stored messages (issue 3: exact terms such as error codes and names).
-- Contentless FTS5 keyed by the message snowflake itself (not SQLite's rowid, which VACUUM may renumber),
-- kept in step with `messages` by triggers, so every writer (crawl, import, edits) updates it.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(
  content,
  author_name,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages`
WHEN new.deleted = 0 AND new.content <> ''
BEGIN
  INSERT INTO messages_fts(rowid, content, author_name) VALUES (CAST(new.id AS INTEGER), new.content, new.author_name);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF content, author_name, deleted ON `messages`
BEGIN
  DELETE FROM messages_fts WHERE rowid = CAST(old.id AS INTEGER);
  INSERT INTO messages_fts(rowid, content, author_name)
    SELECT CAST(new.id AS INTEGER), new.content, new.author_name WHERE new.deleted = 0 AND new.content <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages`
BEGIN
  DELETE FROM messages_fts WHERE rowid = CAST(old.id AS INTEGER);
END;
