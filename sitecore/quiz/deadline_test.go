package quiz

import (
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestDeadline(t *testing.T) {
	tests := []struct {
		name   string
		start  time.Time
		limit  time.Duration
		closes time.Time
		want   time.Time
	}{
		{"limit first", t0, 40 * time.Minute, t0.Add(2 * time.Hour), t0.Add(40 * time.Minute)},
		{"window end cuts a late start", t0.Add(100 * time.Minute), 40 * time.Minute, t0.Add(2 * time.Hour), t0.Add(2 * time.Hour)},
		{"both at once", t0, time.Hour, t0.Add(time.Hour), t0.Add(time.Hour)},
		{"no limit", t0, 0, t0.Add(3 * time.Hour), t0.Add(3 * time.Hour)},
		{"no window end", t0, 45 * time.Minute, time.Time{}, t0.Add(45 * time.Minute)},
		{"neither", t0, 0, time.Time{}, time.Time{}},
		{"started after close", t0.Add(3 * time.Hour), time.Hour, t0.Add(2 * time.Hour), t0.Add(2 * time.Hour)},
	}
	for _, tt := range tests {
		if got := Deadline(tt.start, tt.limit, tt.closes); !got.Equal(tt.want) {
			t.Errorf("%s: Deadline = %v, want %v", tt.name, got, tt.want)
		}
	}
	tst := &Test{TimeLimit: 30 * time.Minute, Closes: t0.Add(time.Hour)}
	if got := tst.Deadline(t0.Add(45 * time.Minute)); !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("Test.Deadline = %v", got)
	}
}

func TestGrace(t *testing.T) {
	d := t0.Add(time.Hour)
	tests := []struct {
		g    Grace
		at   time.Duration // after the deadline
		want bool
	}{
		{Grace{Mode: GraceSubmit}, -time.Second, true},
		{Grace{Mode: GraceSubmit}, 0, true},
		{Grace{Mode: GraceSubmit}, time.Millisecond, false},
		{Grace{Mode: GraceLastSave, Seconds: 30}, 30 * time.Second, true},
		{Grace{Mode: GraceLastSave, Seconds: 30}, 31 * time.Second, false},
		{Grace{Mode: GraceNever}, 0, true},
		{Grace{Mode: GraceNever}, time.Second, false},
	}
	for _, tt := range tests {
		if got := AcceptsSave(d.Add(tt.at), d, tt.g); got != tt.want {
			t.Errorf("AcceptsSave(%+v, deadline%+v) = %v, want %v", tt.g, tt.at, got, tt.want)
		}
	}
	if got := SaveCutoff(d, Grace{Mode: GraceLastSave, Seconds: 15}); !got.Equal(d.Add(15 * time.Second)) {
		t.Errorf("SaveCutoff = %v", got)
	}
}

func TestCanStart(t *testing.T) {
	tst := &Test{Opens: t0, Closes: t0.Add(time.Hour), AttemptsAllowed: 2}
	tests := []struct {
		now  time.Time
		used int
		key  string
	}{
		{t0.Add(-time.Second), 0, "quiz.not_open"},
		{t0, 0, ""},
		{t0.Add(59 * time.Minute), 1, ""},
		{t0.Add(30 * time.Minute), 2, "quiz.attempts_used"},
		{t0.Add(time.Hour), 0, "quiz.closed"},
	}
	for _, tt := range tests {
		err := tst.CanStart(tt.now, tt.used)
		if tt.key == "" {
			if err != nil {
				t.Errorf("CanStart(%v, %d) = %v", tt.now, tt.used, err)
			}
			continue
		}
		if e := sitecore.AsError(err); err == nil || e.Key != tt.key || e.Code != sitecore.EConflict {
			t.Errorf("CanStart(%v, %d) = %v, want %s", tt.now, tt.used, err, tt.key)
		}
	}
	unlimited := &Test{TimeLimit: time.Hour}
	if err := unlimited.CanStart(t0, 1000); err != nil {
		t.Errorf("unlimited test refused: %v", err)
	}
}

func TestVisible(t *testing.T) {
	closes := t0.Add(time.Hour)
	tests := []struct {
		review Review
		now    time.Time
		graded bool
		want   Visibility
	}{
		{ReviewScore, t0, false, Visibility{}},
		{ReviewScore, t0, true, Visibility{Score: true}},
		{ReviewScore, closes, true, Visibility{Score: true}},
		{ReviewAfterClose, t0, true, Visibility{Score: true}},
		{ReviewAfterClose, closes, true, Visibility{Score: true, Answers: true}},
		{ReviewAfterClose, closes, false, Visibility{}},
		{ReviewNothing, closes.Add(time.Hour), true, Visibility{}},
	}
	for _, tt := range tests {
		tst := &Test{Review: tt.review, Closes: closes}
		if got := tst.Visible(tt.now, tt.graded); got != tt.want {
			t.Errorf("Visible(%s, %v, graded %v) = %+v, want %+v", tt.review, tt.now, tt.graded, got, tt.want)
		}
	}
}
