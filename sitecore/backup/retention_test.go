package backup

import (
	"testing"
	"time"
)

// Daily backups over 400 days keep the last 7 days, the newest of each of the last 4 ISO
// weeks and of each of the last 12 months: 20 backups here, each one known.
func TestRetentionKeepsDailyWeeklyMonthly(t *testing.T) {
	start := time.Date(2025, 11, 1, 21, 0, 0, 0, time.UTC) // 02:00 in Almaty
	var times []time.Time
	for d := range 400 {
		times = append(times, start.AddDate(0, 0, d))
	}
	almaty, err := time.LoadLocation("Asia/Almaty")
	if err != nil {
		t.Fatal(err)
	}
	keep := Retention{Daily: 7, Weekly: 4, Monthly: 12, Location: almaty}.Keep(times)
	newest := times[len(times)-1]
	var got []string
	for _, tm := range times {
		if keep[tm] {
			got = append(got, tm.In(almaty).Format("2006-01-02"))
		}
	}
	want := map[string]bool{}
	for d := range 7 { // the last 7 days
		want[newest.AddDate(0, 0, -d).In(almaty).Format("2006-01-02")] = true
	}
	// newest of each of the last 4 ISO weeks: the newest day, then the Sundays before it
	n := newest.In(almaty)
	for d, weeks := 1, 0; weeks < 3; d++ {
		if dd := n.AddDate(0, 0, -d); dd.Weekday() == time.Sunday {
			want[dd.Format("2006-01-02")] = true
			weeks++
		}
	}
	// newest of each of the last 12 months: the newest day, then the last day of each month before
	for m := 1; m < 12; m++ {
		first := time.Date(n.Year(), n.Month()-time.Month(m)+1, 1, 2, 0, 0, 0, almaty)
		want[first.AddDate(0, 0, -1).Format("2006-01-02")] = true
	}
	if len(got) != len(want) {
		t.Errorf("kept %d backups %v, want %d %v", len(got), got, len(want), want)
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("kept %s, which no rule keeps", g)
		}
	}
	if !keep[newest] {
		t.Error("the newest backup was not kept")
	}
}

func TestRetentionKeepsNewestEvenWithZeroCounts(t *testing.T) {
	now := time.Now()
	keep := Retention{}.Keep([]time.Time{now.Add(-time.Hour), now})
	if !keep[now] || keep[now.Add(-time.Hour)] {
		t.Errorf("keep = %v, want only the newest", keep)
	}
}

func TestParseRetention(t *testing.T) {
	r, err := ParseRetention("7, 4,12")
	if err != nil || r.Daily != 7 || r.Weekly != 4 || r.Monthly != 12 {
		t.Errorf("ParseRetention = %+v, %v", r, err)
	}
	for _, bad := range []string{"", "7,4", "a,b,c", "-1,2,3"} {
		if _, err := ParseRetention(bad); err == nil {
			t.Errorf("ParseRetention(%q) accepted", bad)
		}
	}
}
