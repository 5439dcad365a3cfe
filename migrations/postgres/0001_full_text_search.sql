-- Keyword search over stored messages, as SQLite's FTS5 table does it (migrations/0001): the text is
-- split into words at every character that is not a letter or digit (so `ERR_OSSL_EVP` and
-- `example.com` become their parts, exactly as the query side splits them), folded to lower case
-- without diacritics (the unaccent dictionary, a trusted extension shipped with PostgreSQL), and
-- kept in `messages.search` by a trigger, so every writer (crawl, import, edits, forgetting) updates it.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION askbot (COPY = simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION askbot
  ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
  WITH unaccent, simple;
--> statement-breakpoint
CREATE FUNCTION messages_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted OR NEW.content = '' THEN
    NEW.search := NULL;
  ELSE
    NEW.search := to_tsvector('askbot', regexp_replace(NEW.content || ' ' || NEW.author_name, '[^[:alnum:]]+', ' ', 'g'));
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER messages_search BEFORE INSERT OR UPDATE OF content, author_name, deleted ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_search_update();
--> statement-breakpoint
-- The keyword search reads the most common words' frequencies from pg_stats to search rare words
-- first; a larger sample of them than the default makes that estimate hold on large servers.
ALTER TABLE messages ALTER COLUMN search SET STATISTICS 1000;
