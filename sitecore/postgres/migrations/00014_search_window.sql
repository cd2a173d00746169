-- +goose Up
-- Searches over every school read only a window of the newest documents (see Search in
-- search.go). The window is sized from the planner's estimate of how many documents match,
-- which EXPLAIN gives from the statistics ANALYZE keeps without reading a row (the
-- count-estimate idiom of the PostgreSQL wiki), and which is close for the words that
-- matter here: the common ones, whose frequencies the statistics keep. The estimate only
-- sizes the window: a window that turns out to hold too few matches is widened, so results
-- never depend on it.
-- +goose StatementBegin
CREATE FUNCTION search_estimate(lang text, query text) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    q    tsquery := websearch_to_tsquery(search_config(lang), query);
    plan jsonb;
    part text;
    est  bigint;
BEGIN
    EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_docs WHERE tsv @@ %L::tsquery', q) INTO plan;
    est := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
    -- Words that must all match (no OR, no NOT): the planner multiplies their shares, as if
    -- they were independent, which is far too low for words of one language (each share
    -- is of all languages' documents). Each word alone bounds the matches from above; take
    -- the lowest bound instead.
    IF strpos(q::text, '|') = 0 AND strpos(q::text, '!') = 0 AND strpos(q::text, ' & ') > 0 THEN
        est := NULL;
        FOREACH part IN ARRAY regexp_split_to_array(q::text, ' & ') LOOP
            EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_docs WHERE tsv @@ %L::tsquery', part) INTO plan;
            est := least(est, (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint);
        END LOOP;
    END IF;
    RETURN est;
END
$$;
-- +goose StatementEnd

-- Searches leave out the documents of sites that are not active: a handful of sites, read
-- once per search from this index instead of looking up every candidate's site.
CREATE INDEX sites_not_active ON sites (id) WHERE status <> 'active';

-- +goose Down
DROP INDEX sites_not_active;
DROP FUNCTION search_estimate(text, text);
