-- +goose Up
-- Alternative text of a media library file per language ({"kk": ..., "ru": ...}), written by
-- the school in the control panel's media library and shown wherever the image is.
ALTER TABLE media ADD COLUMN alt jsonb NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE media DROP COLUMN alt;
