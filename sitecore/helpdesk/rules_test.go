package helpdesk

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// code returns the domain error's code, key and field ("" for nil).
func code(err error) (string, string, string) {
	if err == nil {
		return "", "", ""
	}
	e := sitecore.AsError(err)
	return e.Code, e.Key, e.Field
}

// TestTeamRoles checks who may act as an agent, a lead and an operator: nobody anonymous,
// nobody by a site-bound API token, and each role no further than its own.
func TestTeamRoles(t *testing.T) {
	agent := &sitecore.Principal{UserID: 1, PlatformRole: sitecore.PlatformSupport}
	lead := &sitecore.Principal{UserID: 2, PlatformRole: sitecore.PlatformSupportLead}
	op := &sitecore.Principal{UserID: 3, PlatformRole: sitecore.PlatformOperator}
	tokenOp := &sitecore.Principal{UserID: 3, PlatformRole: sitecore.PlatformOperator, TokenSite: 9}
	parent := &sitecore.Principal{UserID: 4, Roles: map[int64][]sitecore.SiteRole{9: {sitecore.RoleAdmin}}}
	const (
		ok    = ""
		auth  = sitecore.EUnauthorized
		forbd = sitecore.EForbidden
	)
	tests := []struct {
		name                   string
		p                      *sitecore.Principal
		agentW, leadW, operatW string
	}{
		{"anonymous", nil, auth, auth, auth},
		{"anonymous principal", sitecore.Anonymous, auth, auth, auth},
		{"a school's admin", parent, forbd, forbd, forbd},
		{"agent", agent, ok, forbd, forbd},
		{"lead", lead, ok, ok, forbd},
		{"operator", op, ok, ok, ok},
		{"operator's site-bound token", tokenOp, forbd, forbd, forbd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				rule string
				err  error
				want string
			}{{"agentOnly", agentOnly(tt.p), tt.agentW}, {"leadOnly", leadOnly(tt.p), tt.leadW}, {"operatorOnly", operatorOnly(tt.p), tt.operatW}} {
				if got, _, _ := code(c.err); got != c.want {
					t.Errorf("%s = %q (%v), want %q", c.rule, got, c.err, c.want)
				}
			}
		})
	}
}

func TestTextAndPeriod(t *testing.T) {
	long := strings.Repeat("ә", 11)
	for _, tt := range []struct {
		in       string
		required bool
		want     string
		key      string
	}{
		{"  жоқ  ", true, "жоқ", ""},
		{"   ", true, "", "field.required"},
		{"", false, "", ""},
		{strings.Repeat("ә", 10), true, strings.Repeat("ә", 10), ""}, // runes, not bytes
		{long, false, "", "field.too_long"},
	} {
		got, err := text("subject", tt.in, 10, tt.required)
		if _, key, field := code(err); key != tt.key || (err != nil && field != "subject") || (err == nil && got != tt.want) {
			t.Errorf("text(%q, required %v) = %q, %v; want %q, key %q", tt.in, tt.required, got, err, tt.want, tt.key)
		}
	}
	d0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name       string
		from, to   time.Time
		key, field string
	}{
		{"a month", d0, d0.AddDate(0, 1, 0), "", ""},
		{"no start", time.Time{}, d0, "field.required", "from"},
		{"no end", d0, time.Time{}, "field.required", "to"},
		{"empty", d0, d0, "helpdesk.period", "to"},
		{"backwards", d0, d0.Add(-time.Hour), "helpdesk.period", "to"},
		{"three years", d0, d0.Add(maxReportSpan), "", ""},
		{"longer than three years", d0, d0.Add(maxReportSpan + time.Hour), "helpdesk.period", "to"},
	} {
		if _, key, field := code(period(tt.from, tt.to)); key != tt.key || field != tt.field {
			t.Errorf("%s: key %q field %q, want %q %q", tt.name, key, field, tt.key, tt.field)
		}
	}
}

// TestSniff checks that attachments are told by their content: a PDF named .png is a PDF,
// an executable or HTML is refused whatever its name.
func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		name string
		head []byte
		ok   bool
		ct   string
	}{
		{"pdf", []byte("%PDF-1.7\n"), true, "application/pdf"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), true, "image/png"},
		{"text", []byte("сәлем, мұғалім"), true, "text/plain; charset=utf-8"},
		{"html", []byte("<html><script>alert(1)</script>"), false, "text/html; charset=utf-8"},
		{"windows executable", []byte("MZ\x90\x00\x03\x00\x00\x00"), false, "application/octet-stream"},
		{"empty", nil, false, ""},
	} {
		ct, ok := sniff(tt.head)
		if ok != tt.ok || ct != tt.ct {
			t.Errorf("%s: sniff = %q, %v; want %q, %v", tt.name, ct, ok, tt.ct, tt.ok)
		}
	}
}

// TestClockOf checks the console's SLA clock: which target runs, its state and the working
// time left on the business calendar (a Friday evening deadline counts no weekend hours).
func TestClockOf(t *testing.T) {
	cal := sitecore.BusinessCalendar()
	almaty := time.FixedZone("Almaty", 5*3600)
	at := func(day, hour int) *time.Time { v := time.Date(2026, 3, day, hour, 0, 0, 0, almaty); return &v }
	mon10 := *at(16, 10) // Monday 16 March 2026, 10:00
	tests := []struct {
		name  string
		row   sitecore.ClockRow
		now   time.Time
		clock string
		state string
		left  time.Duration
	}{
		{"first response running", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: at(16, 14), ResolutionDue: at(18, 14)},
			mon10, "first_response", ClockOK, 4 * time.Hour},
		{"answered: the resolution clock runs", sitecore.ClockRow{Status: sitecore.TicketOpen, FirstResponseDue: at(16, 14),
			FirstResponseAt: at(16, 11), ResolutionDue: at(17, 10)}, mon10, "resolution", ClockOK, 9 * time.Hour},
		{"reminder fired", sitecore.ClockRow{Status: sitecore.TicketOpen, ResolutionDue: at(16, 12), ResolutionLevel: 1},
			mon10, "resolution", ClockReminder, 2 * time.Hour},
		{"past due, in working time", sitecore.ClockRow{Status: sitecore.TicketOpen, ResolutionDue: at(16, 9)},
			mon10, "resolution", ClockBreached, -time.Hour},
		{"over the weekend", sitecore.ClockRow{Status: sitecore.TicketOpen, ResolutionDue: at(16, 10)},
			*at(13, 17), "resolution", ClockOK, 2 * time.Hour}, // Friday 17:00 → Monday 10:00: 1 h + 1 h
		{"waiting for the requester", sitecore.ClockRow{Status: sitecore.TicketWaiting, ResolutionDue: at(16, 9)},
			mon10, "", ClockPaused, 0},
		{"no target", sitecore.ClockRow{Status: sitecore.TicketOpen}, mon10, "", ClockPaused, 0},
		{"solved in time", sitecore.ClockRow{Status: sitecore.TicketSolved, ResolutionDue: at(16, 9)}, mon10, "", ClockMet, 0},
		{"closed after a breach", sitecore.ClockRow{Status: sitecore.TicketClosed, FirstResponseBreached: true}, mon10, "", ClockBreached, 0},
	}
	for _, tt := range tests {
		c := ClockOf(tt.row, cal, tt.now)
		if c.Name != tt.clock || c.State != tt.state || c.Left != tt.left {
			t.Errorf("%s: clock %q %q left %v; want %q %q %v", tt.name, c.Name, c.State, c.Left, tt.clock, tt.state, tt.left)
		}
	}
	// On the 24×7 calendar the weekend counts.
	row := sitecore.ClockRow{Status: sitecore.TicketOpen, ResolutionDue: at(16, 10)}
	if c := ClockOf(row, sitecore.AlwaysCalendar, *at(13, 17)); c.Left != 65*time.Hour {
		t.Errorf("24×7 left %v, want 65h", c.Left)
	}
}

// TestPutCalendarRefusesBadInput checks the calendar rules; every case is refused before the
// store is touched (the service has none).
func TestPutCalendarRefusesBadInput(t *testing.T) {
	op := &sitecore.Principal{UserID: 3, PlatformRole: sitecore.PlatformOperator}
	good := CalendarView{UTCOffsetMinutes: 300, DayStart: "09:00", DayEnd: "18:00", Weekdays: []int{1, 2, 3, 4, 5}}
	tests := []struct {
		name       string
		edit       func(*CalendarView)
		key, field string
	}{
		{"bad start", func(v *CalendarView) { v.DayStart = "9am" }, "helpdesk.time", "day_start"},
		{"end before start", func(v *CalendarView) { v.DayEnd = "08:00" }, "helpdesk.time", "day_end"},
		{"offset beyond +14 h", func(v *CalendarView) { v.UTCOffsetMinutes = 15 * 60 }, "helpdesk.offset", "utc_offset_minutes"},
		{"no working days", func(v *CalendarView) { v.Weekdays = nil }, "field.required", "weekdays"},
		{"day 7", func(v *CalendarView) { v.Weekdays = []int{1, 7} }, "helpdesk.weekday", "weekdays"},
		{"a day twice", func(v *CalendarView) { v.Weekdays = []int{1, 1} }, "helpdesk.weekday", "weekdays"},
		{"bad holiday", func(v *CalendarView) { v.Holidays = []sitecore.Holiday{{Day: "2026-03-21"}, {Day: "21.03.2026"}} },
			"helpdesk.date", "holidays[1].day"},
	}
	s := &Service{}
	for _, tt := range tests {
		v := good
		v.Weekdays = append([]int(nil), good.Weekdays...)
		tt.edit(&v)
		err := s.PutCalendar(context.Background(), op, v)
		if c, key, field := code(err); c != sitecore.EInvalid || key != tt.key || field != tt.field {
			t.Errorf("%s: %v; want %s field %s", tt.name, err, tt.key, tt.field)
		}
	}
	agent := &sitecore.Principal{UserID: 1, PlatformRole: sitecore.PlatformSupportLead}
	if c, _, _ := code(s.PutCalendar(context.Background(), agent, good)); c != sitecore.EForbidden {
		t.Errorf("a lead changing the calendar: %s, want forbidden", c)
	}
}

// TestQueueFilters checks the queue's filter values are refused, naming the field, before
// the store is asked.
func TestQueueFilters(t *testing.T) {
	agent := &sitecore.Principal{UserID: 1, PlatformRole: sitecore.PlatformSupport}
	s := &Service{}
	for _, tt := range []struct {
		f          sitecore.TicketFilter
		key, field string
	}{
		{sitecore.TicketFilter{SLA: "late"}, "helpdesk.sla", "sla"},
		{sitecore.TicketFilter{Status: []sitecore.TicketStatus{sitecore.TicketOpen, "lost"}}, "helpdesk.status", "status"},
	} {
		_, err := s.Queue(context.Background(), agent, tt.f)
		if c, key, field := code(err); c != sitecore.EInvalid || key != tt.key || field != tt.field {
			t.Errorf("filter %+v: %v; want %s field %s", tt.f, err, tt.key, tt.field)
		}
	}
}
