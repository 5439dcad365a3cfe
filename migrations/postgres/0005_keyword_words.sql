-- Keyword search across scripts (issue 17): `messages.search` is now built from
-- `messages.search_text`, the words src/text/words.ts finds in a message (NFKC, lower case,
-- Latin-style diacritics folded, the marks of other scripts kept, unspaced scripts as character
-- bigrams), written as a tsvector literal: no text search parser runs, so what is indexed does not
-- depend on the server's locale (a C locale's parser drops every non-ASCII word) and is exactly what
-- the question's words are. Words are kept with their positions, for phrase search.
-- Rows stored before this version keep their old vector until the next index run fills
-- search_text in (src/indexer/indexer.ts, refreshSearchText).
CREATE FUNCTION askbot_search_vector(words text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  -- A lexeme is at most 2046 bytes and a position at most 16383 (longer words are left out, as
  -- to_tsvector leaves them out; later positions share the last one).
  SELECT coalesce(string_agg(
           '''' || replace(replace(w, '\', '\\'), '''', '''''') || ''':' || least(i, 16383), ' '), '')::tsvector
  FROM unnest(string_to_array(words, ' ')) WITH ORDINALITY AS t(w, i)
  WHERE w <> '' AND octet_length(w) < 2047
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION messages_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted OR NEW.content = '' THEN
    NEW.search := NULL;
  ELSIF NEW.search_text IS NOT NULL THEN
    NEW.search := askbot_search_vector(NEW.search_text);
  ELSE
    NEW.search := to_tsvector('askbot', regexp_replace(NEW.content || ' ' || NEW.author_name, '[^[:alnum:]]+', ' ', 'g'));
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER messages_search ON messages;
--> statement-breakpoint
CREATE TRIGGER messages_search BEFORE INSERT OR UPDATE OF content, author_name, deleted, search_text ON messages
  FOR EACH ROW EXECUTE FUNCTION messages_search_update();
