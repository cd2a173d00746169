-- +goose Up
-- Push-down (docs/syndication.md#push-down): a portal's own news delivered to each school
-- of its unit that opted in, through a destination of protocol 'school' per portal and
-- school (endpoint 'portal:<portal site id>', portal_site_id the receiving school).
ALTER TABLE syndication_destinations DROP CONSTRAINT syndication_destinations_protocol_check;
ALTER TABLE syndication_destinations ADD CONSTRAINT syndication_destinations_protocol_check
    CHECK (protocol IN ('portal', 'websub', 'platform', 'school'));
CREATE UNIQUE INDEX syndication_destinations_pushdown ON syndication_destinations (endpoint, portal_site_id)
    WHERE protocol = 'school';

-- +goose Down
DROP INDEX syndication_destinations_pushdown;
DELETE FROM syndication_destinations WHERE protocol = 'school';
ALTER TABLE syndication_destinations DROP CONSTRAINT syndication_destinations_protocol_check;
ALTER TABLE syndication_destinations ADD CONSTRAINT syndication_destinations_protocol_check
    CHECK (protocol IN ('portal', 'websub', 'platform'));
