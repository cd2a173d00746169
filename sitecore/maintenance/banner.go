package maintenance

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
)

// Banners keeps the open notices in memory, by site, for the banner every public page and
// panel page of an affected site shows; a page request never queries for it. Run refreshes
// them every Interval (workers flip the status in other processes), and OnChange is called
// when what shows changed, so rendered-page caches drop their copies.
type Banners struct {
	Store    sitecore.MaintenanceStore
	Interval time.Duration // 2 s if zero
	OnChange func()
	Log      *slog.Logger

	mu   sync.Mutex // one refresh at a time
	snap atomic.Pointer[bannerSnapshot]
}

type bannerSnapshot struct {
	bySite map[int64][]*sitecore.MaintenanceBanner
	key    string // what shows, to tell a change
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Refresh reads the open notices now.
func (b *Banners) Refresh(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	open, err := b.Store.OpenMaintenance(ctx)
	if err != nil {
		return err
	}
	s := &bannerSnapshot{bySite: map[int64][]*sitecore.MaintenanceBanner{}}
	var key strings.Builder
	for i := range open {
		n := &open[i]
		fmt.Fprintf(&key, "%d/%s/%d/%d;", n.ID, n.Status, n.StartsAt.Unix(), n.EndsAt.Unix())
		for _, id := range n.SiteIDs {
			s.bySite[id] = append(s.bySite[id], n)
		}
	}
	s.key = key.String()
	old := b.snap.Swap(s)
	if (old == nil || old.key != s.key) && b.OnChange != nil && (old != nil || len(open) > 0) {
		b.OnChange()
	}
	return nil
}

// Run refreshes until ctx is done.
func (b *Banners) Run(ctx context.Context) {
	iv := b.Interval
	if iv <= 0 {
		iv = 2 * time.Second
	}
	t := time.NewTicker(iv)
	defer t.Stop()
	for {
		if err := b.Refresh(ctx); err != nil && ctx.Err() == nil && b.Log != nil {
			b.Log.WarnContext(ctx, "maintenance banners: refresh", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Text returns the banner of the site in lang ("" when no notice concerns it now): the
// time in Almaty and the operator's message.
func (b *Banners) Text(siteID int64, lang sitecore.Lang, now time.Time) string {
	if b == nil {
		return ""
	}
	s := b.snap.Load()
	if s == nil {
		return ""
	}
	for _, n := range s.bySite[siteID] {
		if !now.Before(n.EndsAt) {
			continue
		}
		status := string(n.Status)
		if !now.Before(n.StartsAt) {
			status = string(sitecore.MaintenanceInProgress)
		}
		lead := strings.NewReplacer("{start}", sitecore.AlmatyTime(n.StartsAt), "{end}", sitecore.AlmatyTime(n.EndsAt)).
			Replace(locale.MaintenanceBanner(status, lang))
		msg := n.Message[lang.Text()]
		if msg == "" {
			msg = n.Message[sitecore.Kazakh]
		}
		return lead + " " + msg
	}
	return ""
}
