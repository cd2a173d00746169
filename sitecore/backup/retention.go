package backup

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Retention says how many finished backups to keep: the newest of each of the last Daily
// days, Weekly ISO weeks and Monthly months that have one (calendar in Location). The newest
// backup is always kept.
type Retention struct {
	Daily, Weekly, Monthly int
	Location               *time.Location
}

// DefaultRetention keeps 7 daily, 4 weekly and 12 monthly backups.
var DefaultRetention = Retention{Daily: 7, Weekly: 4, Monthly: 12}

// ParseRetention reads "7,4,12" (daily, weekly, monthly).
func ParseRetention(s string) (Retention, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Retention{}, errors.New("want daily,weekly,monthly counts like 7,4,12")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || v < 0 {
			return Retention{}, fmt.Errorf("%q is not a count", p)
		}
		n[i] = v
	}
	return Retention{Daily: n[0], Weekly: n[1], Monthly: n[2]}, nil
}

// Keep returns which of the backups' times to keep.
func (r Retention) Keep(times []time.Time) map[time.Time]bool {
	loc := r.Location
	if loc == nil {
		loc = time.UTC
	}
	sorted := slices.Clone(times)
	slices.SortFunc(sorted, func(a, b time.Time) int { return b.Compare(a) }) // newest first
	keep := map[time.Time]bool{}
	if len(sorted) > 0 {
		keep[sorted[0]] = true
	}
	periods := []struct {
		n   int
		key func(time.Time) string
	}{
		{r.Daily, func(t time.Time) string { return t.Format("2006-01-02") }},
		{r.Weekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) }},
		{r.Monthly, func(t time.Time) string { return t.Format("2006-01") }},
	}
	for _, p := range periods {
		seen := map[string]bool{}
		for _, t := range sorted {
			if len(seen) >= p.n {
				break
			}
			k := p.key(t.In(loc))
			if !seen[k] {
				seen[k] = true
				keep[t] = true
			}
		}
	}
	return keep
}
