package site

import (
	"regexp"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/locale"
)

// TestConsoleStringsExist fails when the console's template or code asks for a string that
// some language lacks: the keys written in the template, and those built from a prefix and a
// value of the domain (categories, statuses, views, clock states, ...).
func TestConsoleStringsExist(t *testing.T) {
	keys := map[string]bool{}
	for _, m := range regexp.MustCompile(`index \$?\.UI "([a-z_0-9]+)"`).FindAllStringSubmatch(consoleHTML, -1) {
		keys[m[1]] = true
	}
	add := func(prefix string, vs ...string) {
		for _, v := range vs {
			keys[prefix+v] = true
		}
	}
	add("cat_", stringsOf(sitecore.TicketCategories)...)
	add("prio_", stringsOf(sitecore.TicketPriorities)...)
	add("st_", stringsOf(sitecore.TicketStatuses)...)
	add("view_", sitecore.ConsoleViews...)
	add("clock_", helpdesk.ClockOK, helpdesk.ClockReminder, helpdesk.ClockBreached, helpdesk.ClockPaused, helpdesk.ClockMet,
		"left", "over", "first_response", "resolution", "short_first_response", "short_resolution")
	add("reason_", sitecore.RatingReasons...)
	add("role_", "support_agent", "support_lead", "operator")
	add("cal_", sitecore.CalendarBusiness, sitecore.Calendar24x7)
	add("wd_", "0", "1", "2", "3", "4", "5", "6")
	add("f_", "first_hours", "resolution_hours", "reminder_pct", "second_pct", "auto_close_days", "solved_window_days")
	add("", "login_title", "queue_title", "ticket_title", "team_title", "settings_title", "reports_title", "rate_title",
		"nobody", "platform", "presence", "stale_live", "stale_warning", "team_total", "rated", "unit_b", "unit_kb", "unit_mb",
		"unit_min", "unit_h", "unit_d")
	add("done_", "reply", "reply_wait", "note", "claim", "assign", "change", "waiting", "solve", "merge", "reopen", "close",
		"duty", "policy", "calendar", "canned_add", "canned_delete")
	if len(keys) < 150 {
		t.Fatalf("found only %d keys; is the template read?", len(keys))
	}
	for _, l := range consoleLangs {
		ui := locale.Console(l)
		for k := range keys {
			if ui[k] == "" {
				t.Errorf("%s: console string %q is missing", l, k)
			}
		}
	}
}

// TestClockOf checks the clock states: on track, the reminder passed (level 1 fired),
// breached by the flag and by the due time passing before the workflow recorded it,
// paused while waiting, and the resolution clock once the first answer was given.
func TestClockOf(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	in := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	cal := sitecore.AlwaysCalendar
	cases := []struct {
		name  string
		row   sitecore.ClockRow
		state string
		clock string
		left  time.Duration
	}{
		{"ok", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: in(time.Hour), ResolutionDue: in(5 * time.Hour)}, helpdesk.ClockOK, "first_response", time.Hour},
		{"reminder", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: in(10 * time.Minute), FirstLevel: 1}, helpdesk.ClockReminder, "first_response", 10 * time.Minute},
		{"breached flag", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: in(-time.Minute), FirstResponseBreached: true}, helpdesk.ClockBreached, "first_response", -time.Minute},
		{"due passed", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: in(-time.Second)}, helpdesk.ClockBreached, "first_response", -time.Second},
		{"answered", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseAt: in(-time.Hour), FirstResponseDue: in(time.Hour), ResolutionDue: in(2 * time.Hour), FirstLevel: 2}, helpdesk.ClockOK, "resolution", 2 * time.Hour},
		{"waiting", sitecore.ClockRow{Status: sitecore.TicketWaiting}, helpdesk.ClockPaused, "", 0},
		{"solved late", sitecore.ClockRow{Status: sitecore.TicketSolved, ResolutionBreached: true}, helpdesk.ClockBreached, "", 0},
	}
	for _, c := range cases {
		got := helpdesk.ClockOf(c.row, cal, now)
		if got.State != c.state || got.Name != c.clock || got.Left != c.left {
			t.Errorf("%s: %+v, want %s %s %v", c.name, got, c.state, c.clock, c.left)
		}
	}
	// Business hours: 17:00 Almaty on a Tuesday, due at 10:00 the next day, is 2 h of work.
	biz := sitecore.BusinessCalendar()
	at := time.Date(2026, 3, 10, 17, 0, 0, 0, sitecore.Almaty)
	due := time.Date(2026, 3, 11, 10, 0, 0, 0, sitecore.Almaty)
	got := helpdesk.ClockOf(sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: &due}, biz, at)
	if got.Left != 2*time.Hour {
		t.Errorf("business hours left %v, want 2h", got.Left)
	}
	if s := fmtDuration(got.Left, locale.Console(sitecore.Russian)); s != "2 ч 0 мин" {
		t.Errorf("Russian duration %q", s)
	}
	if s := fmtPercent(92.25, sitecore.Kazakh); s != "92,3\u00a0%" {
		t.Errorf("Kazakh percent %q", s)
	}
}
