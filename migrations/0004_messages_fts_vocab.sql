-- Document frequency of every indexed term, read by the keyword search to pick rare terms first
-- (an exact error code matters, "the" and "deploy" in half the messages do not) and to bound the work.
CREATE VIRTUAL TABLE `messages_fts_vocab` USING fts5vocab(messages_fts, 'row');
