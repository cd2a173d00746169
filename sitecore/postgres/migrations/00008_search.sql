-- +goose Up
-- Site search. The CMS hands every published page and news item to IndexItem; this table
-- is the index (plain text, tags stripped), one row per item and language.
-- pg_trgm ships with PostgreSQL's contrib (bundled in Debian's postgresql-15 package).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text search configuration of a language: Russian and English have stemmers; Kazakh
-- (no stemmer in PostgreSQL) and every other language use 'simple', which only lowercases.
-- Lowercasing follows the database's LC_CTYPE: it must be a UTF-8 locale (C.UTF-8 and the
-- like) for capitals such as Қ Ә І to fold; the tests check "ҚАЗАҚ" finds "қазақ".
CREATE FUNCTION search_config(lang text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE lang WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
                     WHEN 'en' THEN 'pg_catalog.english'::regconfig
                     ELSE 'pg_catalog.simple'::regconfig END;

CREATE TABLE search_docs (
    site_id      bigint      NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    key          text        NOT NULL,
    lang         text        NOT NULL,
    title        text        NOT NULL,
    body         text        NOT NULL,
    path         text        NOT NULL,
    published_at timestamptz NOT NULL,
    tsv          tsvector    GENERATED ALWAYS AS (
                     setweight(to_tsvector(search_config(lang), title), 'A') ||
                     setweight(to_tsvector(search_config(lang), body), 'B')) STORED,
    PRIMARY KEY (site_id, kind, key, lang)
);
-- Full-text matches (GIN), and the newest documents of a language or of a site's language:
-- a broad query ranks only its newest matches (see Search), found by walking these.
-- fastupdate is off on every GIN index here: a pending list would make each search scan
-- it (and misleads the planner), while publishing writes only a few rows at a time.
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv) WITH (fastupdate = off);
CREATE INDEX search_docs_recent ON search_docs (lang, published_at DESC);
CREATE INDEX search_docs_site_recent ON search_docs (site_id, lang, published_at DESC);
-- Typo tolerance on titles: word_similarity (<%) against the title.
CREATE INDEX search_docs_title_trgm ON search_docs USING gin (title gin_trgm_ops) WITH (fastupdate = off);

-- Every word seen in indexed text, per language, for "did you mean": a query word that
-- matches nothing is replaced by the most similar known word (trigram similarity). Words
-- are never removed one by one (they are only hints; a stale word finds nothing).
CREATE TABLE search_words (
    lang text NOT NULL,
    word text NOT NULL,
    -- word first: a btree on lang alone would tempt the planner away from the trigram index.
    PRIMARY KEY (word, lang)
);
CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops) WITH (fastupdate = off);

-- +goose Down
DROP TABLE search_words;
DROP TABLE search_docs;
DROP FUNCTION search_config(text);
