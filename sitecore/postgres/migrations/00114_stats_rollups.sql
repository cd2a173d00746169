-- +goose Up
-- Roll-ups of stats_views kept by every flush (AddStats), in the same statement as the view
-- counters, so a year-long report sums about 365 day rows and 12 months of page rows
-- instead of every (day, page, language) row of the year. Days are Almaty days, as in
-- stats_views; a month is the first day of its Almaty month. Both are exact sums of
-- stats_views (TestStatsReportMatchesSeparateQueries, TestStatsRollupsFollowFlushes).

-- Views per site and day.
CREATE TABLE stats_day_views (
    site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    views   bigint NOT NULL,
    PRIMARY KEY (site_id, day)
);

-- Views per site, month, page and language.
CREATE TABLE stats_month_views (
    site_id bigint NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    month   date   NOT NULL CHECK (extract(day FROM month) = 1),
    path    text   NOT NULL,
    lang    text   NOT NULL,
    views   bigint NOT NULL,
    PRIMARY KEY (site_id, month, path, lang)
);

-- Back-fill from the rows already counted (the same sums as DB.RebuildStatsRollups).
INSERT INTO stats_day_views (site_id, day, views)
SELECT site_id, day, sum(views) FROM stats_views GROUP BY site_id, day;
INSERT INTO stats_month_views (site_id, month, path, lang, views)
SELECT site_id, date_trunc('month', day)::date, path, lang, sum(views)
FROM stats_views GROUP BY site_id, date_trunc('month', day)::date, path, lang;

-- +goose Down
DROP TABLE stats_month_views;
DROP TABLE stats_day_views;
