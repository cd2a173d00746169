package events

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

func TestInputApply(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, sitecore.Almaty)
	start := now.Add(48 * time.Hour)
	ptr := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	at := func(t time.Time) *time.Time { return &t }
	ok := Input{Title: map[sitecore.Lang]string{"ru": " Собрание  "}, StartsAt: at(start), Place: ptr("Зал"), Capacity: num(10),
		Description: map[sitecore.Lang]string{"ru": `<p>x</p><script>alert(1)</script><img src=x onerror=alert(2)>`}}
	cases := []struct {
		name  string
		mod   func(in *Input)
		field string
	}{
		{"valid", func(*Input) {}, ""},
		{"no title", func(in *Input) { in.Title = map[sitecore.Lang]string{"ru": " "} }, "title.kk"},
		{"unknown language", func(in *Input) { in.Title = map[sitecore.Lang]string{"de": "x"} }, "title.de"},
		{"past", func(in *Input) { in.StartsAt = at(now.Add(-time.Minute)) }, "starts_at"},
		{"no start", func(in *Input) { in.StartsAt = nil }, "starts_at"},
		{"ends before", func(in *Input) { in.EndsAt = at(start.Add(-time.Hour)) }, "ends_at"},
		{"closes after start", func(in *Input) { in.SignupClosesAt = at(start.Add(time.Minute)) }, "signup_closes_at"},
		{"nowhere", func(in *Input) { in.Place = ptr(" ") }, "place"},
		{"http link", func(in *Input) { in.OnlineURL = ptr("http://x.kz") }, "online_url"},
		{"javascript link", func(in *Input) { in.Place, in.OnlineURL = ptr(""), ptr("javascript:alert(1)") }, "online_url"},
		{"no seats", func(in *Input) { in.Capacity = num(0) }, "capacity"},
		{"too many seats", func(in *Input) { in.Capacity = num(MaxCapacity + 1) }, "capacity"},
	}
	for _, c := range cases {
		in := ok
		c.mod(&in)
		e := &Event{}
		err := in.Apply(e, now)
		if c.field == "" {
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if e.Title["ru"] != "Собрание" || !e.EndsAt.Equal(start.Add(time.Hour)) || !e.SignupClosesAt.Equal(start) {
				t.Errorf("%s: %+v", c.name, e)
			}
			if d := e.Description["ru"]; strings.Contains(d, "script") || strings.Contains(d, "onerror") {
				t.Errorf("description not sanitized: %q", d)
			}
			continue
		}
		if got := sitecore.AsError(err); err == nil || got.Field != c.field || got.Code != sitecore.EInvalid {
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
		if e.ID != 0 || e.Title != nil {
			t.Errorf("%s: the event changed on a refusal", c.name)
		}
	}
}

func TestICal(t *testing.T) {
	e := &Event{ID: 7, StartsAt: time.Date(2026, 12, 5, 10, 0, 0, 0, sitecore.Almaty), EndsAt: time.Date(2026, 12, 5, 12, 0, 0, 0, sitecore.Almaty),
		Place: "Зал; 2, этаж", Cancelled: true}
	title := strings.Repeat("Жиналыс, ", 20) + `a\b;c` + "\nd"
	body := string(ICal("Мектеп", "school.kz", []ICalEvent{{Event: e, Title: title}}, e.StartsAt))
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line %q: %d octets, valid UTF-8 %v", l, len(l), utf8.ValidString(l))
		}
	}
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	for _, want := range []string{"DTSTART:20261205T050000Z\r\n", "DTEND:20261205T070000Z\r\n", "LOCATION:Зал\\; 2\\, этаж\r\n",
		"SUMMARY:" + strings.Repeat("Жиналыс\\, ", 20) + `a\\b\;c\nd` + "\r\n", "STATUS:CANCELLED\r\n", "UID:event-7@school.kz\r\n"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
}
