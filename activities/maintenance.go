package activities

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Maintenance holds what the maintenance notice activities need.
type Maintenance struct {
	Store sitecore.MaintenanceStore
	Mail  *Mail
	// Page is how many recipients one query returns (200 if zero).
	Page int
}

// MaintenanceBatch is one shard of an announcement: the admins whose user ID modulo Shards
// is Shard, emailed about version Version of the notice.
type MaintenanceBatch struct {
	NoticeID      int64
	Kind          string // sitecore.MaintenanceMail*
	Version       int
	Shard, Shards int
}

// MaintenanceEmailKey is the mail log key of one admin's email of one announcement: each is
// sent once, however often the activity is retried.
func MaintenanceEmailKey(noticeID int64, version int, kind string, userID int64) string {
	return "maintenance/" + strconv.FormatInt(noticeID, 10) + "/v" + strconv.Itoa(version) + "/" + kind + "/" +
		strconv.FormatInt(userID, 10)
}

// SendMaintenanceEmails emails every admin of the shard, in pages, in each admin's
// language. The mail log skips those already emailed, and the heartbeat carries the last
// user ID done, so a retry after a worker crash resumes where the dead worker stopped. An
// announcement overtaken by a postponement stops (the postponement reaches everyone). It
// returns how many emails it sent.
func (a *Maintenance) SendMaintenanceEmails(ctx context.Context, b MaintenanceBatch) (int, error) {
	m, err := a.Store.FindMaintenance(ctx, b.NoticeID)
	if err != nil {
		return 0, asTemporal(err)
	}
	if b.Kind != sitecore.MaintenanceMailCancelled && m.Version != b.Version {
		return 0, nil
	}
	var after int64
	if activity.HasHeartbeatDetails(ctx) {
		_ = activity.GetHeartbeatDetails(ctx, &after)
	}
	// The heartbeat goes on while a delivery waits on a slow SMTP server: were it recorded
	// only between emails, a delivery held past the heartbeat timeout would make Temporal
	// start a second attempt beside the live one, and both would send the held message.
	var done atomic.Int64
	done.Store(after)
	stop := keepAlive(ctx, func() any { return done.Load() })
	defer stop()
	page := a.Page
	if page <= 0 {
		page = 200
	}
	sent := 0
	for {
		rs, err := a.Store.MaintenanceRecipients(ctx, b.NoticeID, b.Shard, b.Shards, after, page)
		if err != nil {
			return sent, asTemporal(err)
		}
		for _, r := range rs {
			if r.Lang == "" {
				r.Lang = sitecore.Kazakh
			}
			e := sitecore.MaintenanceEmail(MaintenanceEmailKey(m.ID, b.Version, b.Kind, r.UserID), b.Kind, m, r)
			if err := a.Mail.SendEmail(ctx, *e); err != nil {
				return sent, err
			}
			sent++
			after = r.UserID
			done.Store(after)
		}
		activity.RecordHeartbeat(ctx, after)
		if len(rs) < page {
			activity.GetLogger(ctx).Info("maintenance emails sent", "notice", b.NoticeID, "kind", b.Kind,
				"version", b.Version, "shard", b.Shard, "sent", sent)
			return sent, nil
		}
	}
}

// MaintenanceStatusChange records a notice's status, with the operator's audit entry when
// an operator asked for it (a cancellation).
type MaintenanceStatusChange struct {
	NoticeID int64
	Status   sitecore.MaintenanceStatus
	Audit    *sitecore.AuditEntry `json:",omitempty"`
}

// SetMaintenanceStatus records the status (setting it twice changes nothing).
func (a *Maintenance) SetMaintenanceStatus(ctx context.Context, c MaintenanceStatusChange) error {
	return asTemporal(a.Store.SetMaintenanceStatus(ctx, c.NoticeID, c.Status, c.Audit))
}

// MaintenancePostponement is a new time of a notice, as version Version.
type MaintenancePostponement struct {
	NoticeID         int64
	StartsAt, EndsAt time.Time
	Version          int
	Audit            *sitecore.AuditEntry `json:",omitempty"`
}

// RecordMaintenancePostponement stores the new time (a version stored before changes
// nothing).
func (a *Maintenance) RecordMaintenancePostponement(ctx context.Context, p MaintenancePostponement) error {
	return asTemporal(a.Store.RescheduleMaintenance(ctx, p.NoticeID, p.StartsAt, p.EndsAt, p.Version, p.Audit))
}
