package sitecore

import (
	"slices"
	"time"
)

// Calendar is the working calendar SLA clocks run on: working hours on working weekdays in
// one fixed zone, minus public holidays; or every hour of every day (Always). It is a plain
// value (no maps, no *time.Location) so workflows can keep it in their state and compute
// with it deterministically.
type Calendar struct {
	// Always makes every instant working time (24×7); the other fields are then ignored.
	Always bool `json:"always"`
	// UTCOffset is the zone's fixed offset east of UTC in seconds (Asia/Almaty: 5 h).
	UTCOffset int `json:"utc_offset"`
	// DayStart and DayEnd bound the working day, as time after local midnight.
	DayStart time.Duration `json:"day_start"`
	DayEnd   time.Duration `json:"day_end"`
	// Weekdays are the working days of the week.
	Weekdays []time.Weekday `json:"weekdays"`
	// Holidays are non-working local dates, "2006-01-02", sorted.
	Holidays []string `json:"holidays"`
}

// BusinessCalendar is the default helpdesk calendar: Monday to Friday, 09:00–18:00 in
// Asia/Almaty (UTC+5), with the given holidays.
func BusinessCalendar(holidays ...string) Calendar {
	h := slices.Clone(holidays)
	slices.Sort(h)
	return Calendar{UTCOffset: 5 * 3600, DayStart: 9 * time.Hour, DayEnd: 18 * time.Hour,
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, Holidays: h}
}

// AlwaysCalendar is the 24×7 calendar.
var AlwaysCalendar = Calendar{Always: true}

// maxCalendarDays bounds the search for working time, so a calendar without any (every day
// a holiday) cannot loop forever; such a calendar is refused on input anyway.
const maxCalendarDays = 3 * 366

// Valid reports whether the calendar has working time at all.
func (c Calendar) Valid() bool {
	return c.Always || (len(c.Weekdays) > 0 && c.DayStart >= 0 && c.DayEnd <= 24*time.Hour && c.DayStart < c.DayEnd)
}

func (c Calendar) zone() *time.Location { return time.FixedZone("calendar", c.UTCOffset) }

// working reports whether the local date of day (a local midnight) is a working day.
func (c Calendar) working(day time.Time) bool {
	if !slices.Contains(c.Weekdays, day.Weekday()) {
		return false
	}
	_, holiday := slices.BinarySearch(c.Holidays, day.Format(time.DateOnly))
	return !holiday
}

// window returns the working period that contains t, or the next one after it. With no
// working time within maxCalendarDays both are far in the future.
func (c Calendar) window(t time.Time) (start, end time.Time) {
	l := t.In(c.zone())
	day := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, l.Location())
	for range maxCalendarDays {
		if c.working(day) {
			s, e := day.Add(c.DayStart), day.Add(c.DayEnd)
			if t.Before(e) {
				return s, e
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	far := t.AddDate(100, 0, 0)
	return far, far
}

// Add returns the instant at which d of working time has passed since t. A working period
// used up exactly ends at its closing time (18:00), not at the next opening.
func (c Calendar) Add(t time.Time, d time.Duration) time.Time {
	if c.Always || d <= 0 {
		return t.Add(max(d, 0))
	}
	for d > 0 {
		s, e := c.window(t)
		if t.Before(s) {
			t = s
		}
		if avail := e.Sub(t); d <= avail {
			return t.Add(d)
		} else {
			d -= avail
		}
		t = e
	}
	return t
}

// Between returns the working time in [a, b); zero when b is not after a.
func (c Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if c.Always {
		return b.Sub(a)
	}
	var sum time.Duration
	for t := a; t.Before(b); {
		s, e := c.window(t)
		if !s.Before(b) {
			break
		}
		if t.Before(s) {
			t = s
		}
		if b.Before(e) {
			e = b
		}
		sum += e.Sub(t)
		t = e
	}
	return sum
}

// SLAClock measures one target (first response or resolution) in working time. It runs from
// Since; pausing banks the time counted so far in Spent. Stopped marks the target met.
type SLAClock struct {
	Target  time.Duration `json:"target"`
	Spent   time.Duration `json:"spent"`
	Since   time.Time     `json:"since"` // zero while paused
	Stopped bool          `json:"stopped"`
}

// NewSLAClock starts a clock for target at t.
func NewSLAClock(target time.Duration, t time.Time) SLAClock {
	return SLAClock{Target: target, Since: t}
}

// Running reports whether the clock counts now.
func (k SLAClock) Running() bool { return !k.Stopped && !k.Since.IsZero() }

// Pause stops counting at t, keeping what was counted.
func (k *SLAClock) Pause(c Calendar, t time.Time) {
	if !k.Since.IsZero() {
		k.Spent += c.Between(k.Since, t)
		k.Since = time.Time{}
	}
}

// Resume counts again from t (a reopened ticket continues where it stopped).
func (k *SLAClock) Resume(t time.Time) {
	k.Stopped = false
	if k.Since.IsZero() {
		k.Since = t
	}
}

// Stop marks the target met at t.
func (k *SLAClock) Stop(c Calendar, t time.Time) {
	k.Pause(c, t)
	k.Stopped = true
}

// Elapsed is the working time counted up to t.
func (k SLAClock) Elapsed(c Calendar, t time.Time) time.Duration {
	if k.Since.IsZero() {
		return k.Spent
	}
	return k.Spent + c.Between(k.Since, t)
}

// Due returns when pct percent of the target is used, or the zero time when the clock does
// not run. A threshold already passed is due at Since (at once).
func (k SLAClock) Due(c Calendar, pct int) time.Time {
	if !k.Running() {
		return time.Time{}
	}
	left := k.Target*time.Duration(pct)/100 - k.Spent
	return c.Add(k.Since, max(left, 0))
}
