package sitecore

import (
	"math/rand/v2"
	"testing"
	"time"
)

// at is a wall time in Almaty (UTC+5) in March 2026: Monday the 2nd, ..., Nauryz on Saturday
// 21 to Monday 23 (the 23rd is a day off).
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, time.FixedZone("+5", 5*3600))
}

func TestSLACalendarAdd(t *testing.T) {
	biz := BusinessCalendar("2026-03-23", "2026-03-21", "2026-03-22", "2026-03-08")
	tests := []struct {
		name string
		cal  Calendar
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"within the day", biz, at(2, 10, 0), 2 * time.Hour, at(2, 12, 0)},
		{"across the night", biz, at(2, 17, 0), 2 * time.Hour, at(3, 10, 0)},
		{"before opening", biz, at(2, 7, 0), time.Hour, at(2, 10, 0)},
		{"after closing", biz, at(2, 20, 30), 30 * time.Minute, at(3, 9, 30)},
		{"the whole day ends at closing, not at the next opening", biz, at(2, 9, 0), 9 * time.Hour, at(2, 18, 0)},
		{"across the weekend", biz, at(6, 17, 0), 2 * time.Hour, at(9, 10, 0)},
		{"opened on Saturday", biz, at(7, 12, 0), time.Hour, at(9, 10, 0)},
		{"a week of working time", biz, at(2, 9, 0), 45 * time.Hour, at(6, 18, 0)},
		{"over Nauryz: Friday evening to Tuesday", biz, at(20, 17, 0), 2 * time.Hour, at(24, 10, 0)},
		{"a holiday on a weekday (Mon 23 March)", biz, at(23, 10, 0), time.Hour, at(24, 10, 0)},
		{"zero is now, even at night", biz, at(2, 23, 0), 0, at(2, 23, 0)},
		{"24x7 counts the night", AlwaysCalendar, at(6, 17, 0), 2 * time.Hour, at(6, 19, 0)},
		{"minutes and seconds", biz, at(2, 17, 59), 90 * time.Second, at(3, 9, 0).Add(30 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Add(tt.from, tt.d); !got.Equal(tt.want) {
				t.Errorf("Add(%s, %s) = %s, want %s", tt.from, tt.d, got.In(tt.want.Location()), tt.want)
			}
		})
	}
}

func TestSLACalendarBetween(t *testing.T) {
	biz := BusinessCalendar("2026-03-23")
	tests := []struct {
		name string
		cal  Calendar
		a, b time.Time
		want time.Duration
	}{
		{"within the day", biz, at(2, 10, 0), at(2, 12, 30), 150 * time.Minute},
		{"across the night", biz, at(2, 17, 0), at(3, 10, 0), 2 * time.Hour},
		{"night only", biz, at(2, 19, 0), at(3, 8, 0), 0},
		{"across the weekend", biz, at(6, 17, 0), at(9, 10, 0), 2 * time.Hour},
		{"a holiday does not count", biz, at(20, 17, 0), at(24, 10, 0), 2 * time.Hour},
		{"a whole week", biz, at(2, 0, 0), at(9, 0, 0), 45 * time.Hour},
		{"backwards is zero", biz, at(3, 10, 0), at(2, 10, 0), 0},
		{"24x7", AlwaysCalendar, at(6, 17, 0), at(9, 10, 0), 65 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Between(tt.a, tt.b); got != tt.want {
				t.Errorf("Between = %s, want %s", got, tt.want)
			}
		})
	}
}

// Add and Between are inverse: the working time between t and Add(t, d) is d.
func TestSLACalendarAddBetweenInverse(t *testing.T) {
	biz := BusinessCalendar("2026-03-23", "2026-05-01")
	r := rand.New(rand.NewPCG(1, 2))
	base := at(1, 0, 0)
	for range 2000 {
		from := base.Add(time.Duration(r.Int64N(int64(90 * 24 * time.Hour))))
		d := time.Duration(r.Int64N(int64(60 * time.Hour)))
		to := biz.Add(from, d)
		if got := biz.Between(from, to); got != d {
			t.Fatalf("Between(%s, Add(%s)) = %s, want %s", from, d, got, d)
		}
	}
}

func TestSLAClock(t *testing.T) {
	biz := BusinessCalendar("2026-03-23")
	// Opened Monday 10:00 with a 4-hour target.
	k := NewSLAClock(4*time.Hour, at(2, 10, 0))
	if got := k.Due(biz, 75); !got.Equal(at(2, 13, 0)) {
		t.Errorf("75%% due %s, want Mon 13:00", got)
	}
	if got := k.Due(biz, 100); !got.Equal(at(2, 14, 0)) {
		t.Errorf("breach due %s, want Mon 14:00", got)
	}
	if got := k.Due(biz, 150); !got.Equal(at(2, 16, 0)) {
		t.Errorf("150%% due %s, want Mon 16:00", got)
	}
	// Waiting for the requester from 11:00 until Wednesday 15:00 pauses the clock.
	k.Pause(biz, at(2, 11, 0))
	if k.Running() || !k.Due(biz, 100).IsZero() {
		t.Error("a paused clock has a due time")
	}
	if got := k.Elapsed(biz, at(4, 12, 0)); got != time.Hour {
		t.Errorf("elapsed while paused = %s, want 1h", got)
	}
	k.Resume(at(4, 15, 0))
	if got := k.Due(biz, 75); !got.Equal(at(4, 17, 0)) {
		t.Errorf("75%% after the pause %s, want Wed 17:00", got)
	}
	if got := k.Due(biz, 100); !got.Equal(at(4, 18, 0)) {
		t.Errorf("breach after the pause %s, want Wed 18:00 (closing time)", got)
	}
	// Solved Wednesday at 18:00 sharp: 4 hours used, met.
	k.Stop(biz, at(4, 18, 0))
	if k.Running() || k.Elapsed(biz, at(10, 0, 0)) != 4*time.Hour {
		t.Errorf("stopped clock: running %v, elapsed %s", k.Running(), k.Elapsed(biz, at(10, 0, 0)))
	}
	// Reopened on Friday 20 March at 17:00: the clock continues from 4h, already breached,
	// so the breach is due at once and the 150% mark two working hours later — on Tuesday,
	// across the weekend and the Nauryz holiday.
	k.Resume(at(20, 17, 0))
	if got := k.Due(biz, 100); !got.Equal(at(20, 17, 0)) {
		t.Errorf("breach after reopen %s, want at once", got)
	}
	if got := k.Due(biz, 150); !got.Equal(at(24, 10, 0)) {
		t.Errorf("150%% after reopen %s, want Tue 24 10:00", got)
	}
	// Pausing twice, resuming twice changes nothing.
	k.Pause(biz, at(20, 18, 0))
	k.Pause(biz, at(24, 18, 0))
	if got := k.Elapsed(biz, at(25, 0, 0)); got != 5*time.Hour {
		t.Errorf("elapsed %s, want 5h", got)
	}
	k.Resume(at(25, 9, 0))
	k.Resume(at(25, 12, 0))
	if got := k.Due(biz, 150); !got.Equal(at(25, 10, 0)) {
		t.Errorf("150%% %s, want Wed 25 10:00", got)
	}
}

func TestSLAPickPolicy(t *testing.T) {
	ps := []SLAPolicy{
		{ID: 1}, {ID: 2, Priority: PriorityUrgent}, {ID: 3, Category: CategoryAccount},
		{ID: 4, Category: CategoryAccount, Priority: PriorityUrgent},
	}
	tests := []struct {
		c    TicketCategory
		p    TicketPriority
		want int64
	}{
		{CategoryOther, PriorityNormal, 1}, {CategoryOther, PriorityUrgent, 2},
		{CategoryAccount, PriorityNormal, 3}, {CategoryAccount, PriorityUrgent, 4},
	}
	for _, tt := range tests {
		if got, ok := PickPolicy(ps, tt.c, tt.p); !ok || got.ID != tt.want {
			t.Errorf("PickPolicy(%s, %s) = %d, want %d", tt.c, tt.p, got.ID, tt.want)
		}
	}
	if _, ok := PickPolicy(ps[1:2], CategoryOther, PriorityLow); ok {
		t.Error("a policy for urgent tickets matched a low one")
	}
}
