package postgres

import (
	"context"
	"log/slog"
	"strconv"
	"time"
)

// siteChannel is the PostgreSQL notification channel on which site changes are announced,
// with the site ID as payload. Every `serve` process listens and drops its cached copy, so a
// site activated by a worker elsewhere is served at once.
const siteChannel = "mektep_site_changed"

// ListenSiteChanges calls fn with the ID of every site that changes until ctx is done. It
// holds one connection, reconnects after errors, and calls fn(0) after each (re)connect,
// since changes may have been missed meanwhile.
func (db *DB) ListenSiteChanges(ctx context.Context, log *slog.Logger, fn func(siteID int64)) {
	db.Listen(ctx, log, siteChannel, fn)
}

// Listen calls fn with the numeric payload of every notification on channel until ctx is
// done, reconnecting after errors and calling fn(0) after each (re)connect.
func (db *DB) Listen(ctx context.Context, log *slog.Logger, channel string, fn func(id int64)) {
	for ctx.Err() == nil {
		err := db.listen(ctx, channel, fn)
		if ctx.Err() != nil {
			return
		}
		log.Warn("listener reconnecting", "channel", channel, "error", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listen(ctx context.Context, channel string, fn func(int64)) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	defer func() {
		// The connection goes back to the pool; it must not keep listening.
		_, _ = conn.Exec(context.WithoutCancel(ctx), "UNLISTEN "+channel)
	}()
	fn(0)
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		id, _ := strconv.ParseInt(n.Payload, 10, 64)
		fn(id)
	}
}

// NotifySiteChanged announces that a site's content changed, so every `serve` process drops
// its cached pages of the site (content lives in the Mongo API, which has no notifications).
func (db *DB) NotifySiteChanged(ctx context.Context, siteID int64) error {
	_, err := db.Pool.Exec(ctx, `SELECT pg_notify('`+siteChannel+`', $1)`, strconv.FormatInt(siteID, 10))
	return err
}
