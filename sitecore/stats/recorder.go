package stats

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Recorder counts page views in memory and writes them in batches, so counting costs the
// public pages (served from cache at thousands of requests per second) a map update and
// one HMAC, never a database round trip. Run flushes every FlushEvery and on shutdown; a
// crash loses at most that interval's counts.
type Recorder struct {
	Store sitecore.StatsStore
	Log   *slog.Logger
	// FlushEvery is how often counts are written (default 5 s).
	FlushEvery time.Duration
	// MaxPending bounds the distinct counters held between flushes (default 100,000); past
	// it a flush starts at once, and if the database is down the oldest counts are dropped.
	MaxPending int
	// Now is the clock (tests move it); nil means time.Now.
	Now func() time.Time

	mu       sync.Mutex
	views    map[viewKey]int64
	visitors map[sitecore.Visitor]struct{}
	kick     chan struct{}
	initOnce sync.Once

	saltMu    sync.Mutex
	salt      []byte
	saltDay   time.Time
	saltRetry time.Time
	compacted time.Time
}

type viewKey struct {
	site int64
	day  time.Time
	path string
	lang sitecore.Lang
}

// maxStatsPath bounds the stored path; longer paths are cut.
const maxStatsPath = 300

func (s *Recorder) init() {
	s.initOnce.Do(func() {
		if s.FlushEvery <= 0 {
			s.FlushEvery = 5 * time.Second
		}
		if s.MaxPending <= 0 {
			s.MaxPending = 100_000
		}
		if s.Log == nil {
			s.Log = slog.Default()
		}
		s.kick = make(chan struct{}, 1)
		s.views = map[viewKey]int64{}
		s.visitors = map[sitecore.Visitor]struct{}{}
	})
}

func (s *Recorder) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// View counts a view of path in lang on the site by a visitor at ip with userAgent. Bots
// are not counted. The IP and User-Agent are only hashed with today's salt; neither is kept.
func (s *Recorder) View(siteID int64, lang sitecore.Lang, path string, ip netip.Addr, userAgent string) {
	if IsBot(userAgent) {
		return
	}
	s.init()
	day := sitecore.AlmatyDay(s.now())
	if len(path) > maxStatsPath {
		path = path[:maxStatsPath]
	}
	v := sitecore.Visitor{SiteID: siteID, Day: day}
	salt := s.daySalt(day, false)
	if salt != nil {
		v.Hash = visitorHash(salt, siteID, ip, userAgent)
	}
	s.mu.Lock()
	s.views[viewKey{site: siteID, day: day, path: path, lang: lang}]++
	if salt != nil {
		s.visitors[v] = struct{}{}
	}
	full := len(s.views)+len(s.visitors) >= s.MaxPending
	s.mu.Unlock()
	if full {
		select {
		case s.kick <- struct{}{}:
		default:
		}
	}
}

// visitorHash is SHA-256 over the day's secret salt, the site, the address and the
// User-Agent, truncated. Without the salt (deleted when the day ends) it cannot be
// recomputed, so it cannot be turned back into an address.
func visitorHash(salt []byte, siteID int64, ip netip.Addr, ua string) [sitecore.VisitorHashLen]byte {
	var buf [64 + 8 + 16 + 512]byte
	n := copy(buf[:64], salt)
	binary.BigEndian.PutUint64(buf[n:], uint64(siteID))
	n += 8
	a := ip.As16()
	n += copy(buf[n:], a[:])
	n += copy(buf[n:], ua)
	sum := sha256.Sum256(buf[:n])
	var h [sitecore.VisitorHashLen]byte
	copy(h[:], sum[:])
	return h
}

// daySalt returns the salt of day, loading it from the store when the day has changed.
// Requests never wait for it: while another goroutine loads it, or for a few seconds after
// the store failed, visitors are not counted (views still are).
func (s *Recorder) daySalt(day time.Time, wait bool) []byte {
	if wait {
		s.saltMu.Lock()
	} else if !s.saltMu.TryLock() {
		return nil
	}
	defer s.saltMu.Unlock()
	if s.saltDay.Equal(day) && s.salt != nil {
		return s.salt
	}
	if !wait && s.now().Before(s.saltRetry) {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	salt, err := s.Store.DailySalt(ctx, day)
	if err != nil {
		s.saltRetry = s.now().Add(10 * time.Second)
		s.Log.Warn("stats: daily salt unavailable; unique visitors not counted meanwhile", "error", err.Error())
		return nil
	}
	s.salt, s.saltDay = salt, day
	return salt
}

// Flush writes the counts gathered so far. On failure they are kept for the next flush
// unless too many are pending.
func (s *Recorder) Flush(ctx context.Context) error {
	s.init()
	s.mu.Lock()
	views, visitors := s.views, s.visitors
	s.views, s.visitors = map[viewKey]int64{}, map[sitecore.Visitor]struct{}{}
	s.mu.Unlock()
	if len(views) == 0 && len(visitors) == 0 {
		return nil
	}
	vs := make([]sitecore.PageViews, 0, len(views))
	for k, n := range views {
		vs = append(vs, sitecore.PageViews{SiteID: k.site, Day: k.day, Path: k.path, Lang: k.lang, Views: n})
	}
	// One order for every instance, so concurrent upserts cannot deadlock.
	slices.SortFunc(vs, func(a, b sitecore.PageViews) int {
		return cmp.Or(cmp.Compare(a.SiteID, b.SiteID), a.Day.Compare(b.Day), strings.Compare(a.Path, b.Path),
			strings.Compare(string(a.Lang), string(b.Lang)))
	})
	us := make([]sitecore.Visitor, 0, len(visitors))
	for v := range visitors {
		us = append(us, v)
	}
	slices.SortFunc(us, func(a, b sitecore.Visitor) int {
		return cmp.Or(cmp.Compare(a.SiteID, b.SiteID), a.Day.Compare(b.Day), strings.Compare(string(a.Hash[:]), string(b.Hash[:])))
	})
	err := s.Store.AddStats(ctx, vs, us)
	if err == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.views)+len(s.visitors)+len(views)+len(visitors) > s.MaxPending {
		s.Log.Warn("stats: flush failed; counts dropped", "views", len(views), "visitors", len(visitors), "error", err.Error())
		return err
	}
	for k, n := range views {
		s.views[k] += n
	}
	for v := range visitors {
		s.visitors[v] = struct{}{}
	}
	s.Log.Warn("stats: flush failed; counts kept for the next try", "error", err.Error())
	return err
}

// Run flushes every FlushEvery (and at once when many counts are pending), loads each
// day's salt ahead of requests and rolls finished days up once an hour, until ctx is done;
// then it flushes one last time.
func (s *Recorder) Run(ctx context.Context) {
	s.init()
	t := time.NewTicker(s.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			_ = s.Flush(fctx)
			cancel()
			return
		case <-t.C:
		case <-s.kick:
		}
		_ = s.Flush(ctx)
		s.daySalt(sitecore.AlmatyDay(s.now()), true)
		if now := s.now(); now.Sub(s.compacted) > time.Hour {
			s.compacted = now
			if err := s.Store.CompactStats(ctx, sitecore.AlmatyDay(now)); err != nil && ctx.Err() == nil {
				s.Log.Warn("stats: roll-up of past days failed", "error", err.Error())
			}
		}
	}
}

// Report returns a site's statistics to someone allowed to view the statistics section.
// Counts of the last few seconds may not be in it yet.
func (s *Recorder) Report(ctx context.Context, p *sitecore.Principal, f sitecore.StatsFilter) (*sitecore.StatsReport, error) {
	if err := sitecore.Authorize(p, f.SiteID, sitecore.ActionView, sitecore.Resource{Section: sitecore.SectionStatistics}); err != nil {
		return nil, err
	}
	return s.Store.StatsReport(ctx, f)
}
