-- Substring search over names and email through a trigram index, so a search reads the walkers
-- it matches instead of every walker (PostgreSQL has pg_trgm's GIN index on `search_text` for
-- the same). External content: the index keeps trigrams pointing at `walkers.rowid` and no copy
-- of the text. The index can always be re-derived from `walkers` with
--   INSERT INTO walkers_search(walkers_search) VALUES ('rebuild');
CREATE VIRTUAL TABLE walkers_search USING fts5(
    search_text, content = 'walkers', content_rowid = 'rowid', tokenize = 'trigram'
);
-- Deleting from the index removes the entries themselves instead of adding delete markers
-- that linger until segments merge: an erased walker's trigrams must not stay behind.
INSERT INTO walkers_search (walkers_search, rank) VALUES ('secure-delete', 1);
INSERT INTO walkers_search (walkers_search) VALUES ('rebuild');

-- `search_text` is set by `walkers_admin_insert` right after every INSERT (it is '' for that
-- moment) and kept by `walkers_admin_search`; the index follows each change of it, and never
-- holds the empty text.
CREATE TRIGGER walkers_search_update AFTER UPDATE OF search_text ON walkers
BEGIN
    INSERT INTO walkers_search (walkers_search, rowid, search_text)
        SELECT 'delete', OLD.rowid, OLD.search_text WHERE OLD.search_text <> '';
    INSERT INTO walkers_search (rowid, search_text)
        SELECT NEW.rowid, NEW.search_text WHERE NEW.search_text <> '';
END;

CREATE TRIGGER walkers_search_delete AFTER DELETE ON walkers
BEGIN
    INSERT INTO walkers_search (walkers_search, rowid, search_text)
        SELECT 'delete', OLD.rowid, OLD.search_text WHERE OLD.search_text <> '';
END;
