package sitecore

import (
	"context"
	"strconv"
	"time"
)

// Visit statistics of the public sites (SectionStatistics). Views are counted per site,
// Almaty day, path and language; unique visitors per site and day. A visitor is known only
// as a salted hash of (site, IP, User-Agent) whose salt changes every day and is discarded
// when the day is over, so no raw IP is kept and visitors cannot be followed across days or
// sites.

// PageViews is a count of views of one path in one language on one day.
type PageViews struct {
	SiteID int64
	Day    time.Time // midnight UTC of the Almaty date
	Path   string
	Lang   Lang
	Views  int64
}

// VisitorHashLen is how many bytes of the HMAC identify a visitor within a site and day.
const VisitorHashLen = 16

// Visitor is one unique visitor of a site on a day.
type Visitor struct {
	SiteID int64
	Day    time.Time
	Hash   [VisitorHashLen]byte
}

// StatsFilter selects a site's statistics: From and To are dates (midnight UTC of Almaty
// dates), both included. Group limits the report to one part (StatsByDay, StatsByPage,
// StatsByLang); "" gives them all.
type StatsFilter struct {
	SiteID   int64
	From, To time.Time
	Group    string
	TopPages int
}

// Parts of a statistics report.
const (
	StatsByDay  = "day"
	StatsByPage = "page"
	StatsByLang = "lang"
)

// Statistics limits.
const (
	MaxStatsDays     = 366
	DefaultStatsDays = 30
	StatsTopPages    = 20
)

// DayStats are the views and unique visitors of one day.
type DayStats struct {
	Date    string `json:"date"`
	Views   int64  `json:"views"`
	Uniques int64  `json:"uniques"`
}

// PathStats are the views of one page.
type PathStats struct {
	Path  string `json:"path"`
	Views int64  `json:"views"`
}

// LangStats are the views in one language.
type LangStats struct {
	Lang  Lang  `json:"lang"`
	Views int64 `json:"views"`
}

// StatsReport is what the statistics section charts. Uniques add up daily unique visitors:
// someone who comes on two days counts twice, by design (salts change daily).
type StatsReport struct {
	From    string      `json:"from"`
	To      string      `json:"to"`
	Views   int64       `json:"views"`
	Uniques int64       `json:"uniques"`
	Days    []DayStats  `json:"days,omitempty"`
	Pages   []PathStats `json:"pages,omitempty"`
	Langs   []LangStats `json:"langs,omitempty"`
}

// StatsStore keeps the counters.
type StatsStore interface {
	// AddStats adds views and records visitors (a visitor already recorded for the site and
	// day is not counted again), in one transaction.
	AddStats(ctx context.Context, views []PageViews, visitors []Visitor) error
	// DailySalt returns the salt of day, creating it if no instance has yet, and deletes
	// the salts of earlier days.
	DailySalt(ctx context.Context, day time.Time) ([]byte, error)
	// CompactStats rolls the visitors of days before today up into daily counts and
	// deletes their hashes.
	CompactStats(ctx context.Context, today time.Time) error
	// StatsReport returns the statistics of a validated filter, with every day of the range
	// in Days (zeros included) and pages by views.
	StatsReport(ctx context.Context, f StatsFilter) (*StatsReport, error)
}

// AlmatyDay returns the Almaty date of t as midnight UTC, the form days are stored in.
func AlmatyDay(t time.Time) time.Time {
	y, m, d := t.In(Almaty).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseStatsFilter reads the query parameters of a statistics request: from and to as
// YYYY-MM-DD (default: the 30 days up to today in Almaty) and group. Errors name the
// parameter.
func ParseStatsFilter(siteID int64, from, to, group string, now time.Time) (StatsFilter, error) {
	f := StatsFilter{SiteID: siteID, Group: group, TopPages: StatsTopPages}
	switch group {
	case "", StatsByDay, StatsByPage, StatsByLang:
	default:
		return f, Invalid("group", "stats.group", "value", group)
	}
	parse := func(field, v string) (time.Time, error) {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil || t.Year() < 2000 || t.Year() > 9999 {
			return t, Invalid(field, "stats.date")
		}
		return t, nil
	}
	var err error
	if to != "" {
		if f.To, err = parse("to", to); err != nil {
			return f, err
		}
	} else {
		f.To = AlmatyDay(now)
	}
	if from != "" {
		if f.From, err = parse("from", from); err != nil {
			return f, err
		}
	} else {
		f.From = f.To.AddDate(0, 0, 1-DefaultStatsDays)
		if to == "" && f.From.After(f.To) {
			f.From = f.To
		}
	}
	if f.From.After(f.To) {
		return f, Invalid("from", "stats.order")
	}
	if days := int(f.To.Sub(f.From).Hours()/24) + 1; days > MaxStatsDays {
		return f, Invalid("to", "stats.span", "max", strconv.Itoa(MaxStatsDays))
	}
	return f, nil
}
