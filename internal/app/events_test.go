package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
)

// createEvent creates an event through the API as the cookie's holder and returns its ID.
func createEvent(t *testing.T, s *stack, siteID int64, cookie string, body map[string]any) int64 {
	t.Helper()
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events", siteID), body, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("create event: %d %s", r.Status, r.Body)
	}
	return int64(obj(t, r.JSON(t), "event")["id"].(float64))
}

// eventCounts returns the event's counters and the sign-up rows by status.
func eventCounts(t *testing.T, s *stack, siteID, id int64) (taken, waiting int, rows map[string]int) {
	t.Helper()
	e, err := s.App.DB.FindEvent(context.Background(), siteID, id)
	if err != nil {
		t.Fatal(err)
	}
	rows = map[string]int{}
	list, err := s.App.DB.SignUps(context.Background(), siteID, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list {
		rows[string(g.Status)]++
	}
	return e.Taken, e.Waiting, rows
}

// TestEventsLastSeat: 50 accounts sign up at once through the API for the last seat of an
// event: exactly one gets it, the other 49 wait with places 1..49, each once, and the
// counters match the rows. The winner cancels; the first on the waiting list is promoted
// by the event's workflow and emailed in Russian; the counters still match.
func TestEventsLastSeat(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-evseat")
	owner := session(t, s, a.users["owner"].ID)
	id := createEvent(t, s, a.site, owner, map[string]any{"title": map[string]string{"ru": "Родительское собрание"},
		"starts_at": time.Now().Add(72 * time.Hour), "place": "Актовый зал", "capacity": 3})
	path := fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", a.site, id)
	for i := range 2 {
		u := fixtureUser(t, s, fmt.Sprintf("early%d@evseat.kz", i), a.site, sitecore.RoleParent)
		if r := s.do("POST", path, map[string]any{}, "Cookie", session(t, s, u.ID)); r.Status != 201 ||
			obj(t, r.JSON(t), "signup")["status"] != "confirmed" {
			t.Fatalf("early sign-up %d: %d %s", i, r.Status, r.Body)
		}
	}
	const n = 50
	users := make([]*sitecore.User, n)
	cookies := make([]string, n)
	for i := range users {
		users[i] = fixtureUser(t, s, fmt.Sprintf("p%02d@evseat.kz", i), a.site, sitecore.RoleParent)
		cookies[i] = session(t, s, users[i].ID)
	}
	status := make([]string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := s.do("POST", path, map[string]any{}, "Cookie", cookies[i])
			if r.Status != 201 {
				t.Errorf("sign-up %d: %d %s", i, r.Status, r.Body)
				return
			}
			status[i], _ = obj(t, r.JSON(t), "signup")["status"].(string)
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, st := range status {
		switch st {
		case "confirmed":
			if winner >= 0 {
				t.Fatalf("two won the last seat: %d and %d", winner, i)
			}
			winner = i
		case "waiting":
		default:
			t.Fatalf("sign-up %d: status %q", i, st)
		}
	}
	if winner < 0 {
		t.Fatal("nobody got the last seat")
	}
	taken, waiting, rows := eventCounts(t, s, a.site, id)
	if taken != 3 || waiting != n-1 || rows["confirmed"] != 3 || rows["waiting"] != n-1 {
		t.Fatalf("counters %d/%d, rows %v", taken, waiting, rows)
	}
	list, err := s.App.DB.SignUps(context.Background(), a.site, id)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	var first int64
	for _, g := range list {
		if g.Status == events.Waiting {
			if g.Position < 1 || g.Position > n-1 || seen[g.Position] {
				t.Fatalf("waiting place %d repeated or out of range", g.Position)
			}
			seen[g.Position] = true
			if g.Position == 1 {
				first = g.AttendeeID
			}
		}
	}
	// Signing up again keeps the place.
	if r := s.do("POST", path, map[string]any{}, "Cookie", cookies[winner]); r.Status != 201 || obj(t, r.JSON(t), "signup")["status"] != "confirmed" {
		t.Fatalf("repeat sign-up: %d %s", r.Status, r.Body)
	}

	if r := s.do("DELETE", fmt.Sprintf("%s/%d", path, users[winner].ID), nil, "Cookie", cookies[winner]); r.Status != 204 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	var promoted *sitecore.User
	for _, u := range users {
		if u.ID == first {
			promoted = u
		}
	}
	m := waitMail(t, s, promoted.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "Место освободилось") })
	if !strings.Contains(m.Text, "Актовый зал") || !strings.Contains(m.Text, a.host) {
		t.Errorf("promotion email: %s", m.Text)
	}
	taken, waiting, rows = eventCounts(t, s, a.site, id)
	if taken != 3 || waiting != n-2 || rows["confirmed"] != 3 || rows["waiting"] != n-2 || rows["cancelled"] != 1 {
		t.Fatalf("after promotion: counters %d/%d, rows %v", taken, waiting, rows)
	}
	if len(mailTo(t, s, users[winner].Email)) != 0 {
		t.Error("the one who cancelled was emailed")
	}
}

// unfold reads an iCalendar body: every physical line at most 75 octets and ended by CRLF,
// folded lines joined.
func unfold(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatal("iCalendar does not end in CRLF")
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line over 75 octets: %q", l)
		}
		if strings.HasPrefix(l, " ") && len(out) > 0 {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// icalUnescape undoes RFC 5545 TEXT escaping.
func icalUnescape(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n").Replace(s)
}

// TestEventsPagesAndFeeds: XSS payloads in every text field of an event are inert on the
// public list, month and event pages, the panel's pages and the feeds; the iCalendar feeds
// parse (folded lines, escaping, UTC times, balanced components); another school sees
// neither the event through the API nor its pages (404); the attendance list downloads.
func TestEventsPagesAndFeeds(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-evpages")
	b := provisionTenant(t, s, "school-evother")
	owner := session(t, s, a.users["owner"].ID)
	title := `<script>alert(1)</script>Собрание; итоги, планы \ "Қорытынды" — очень длинное название, чтобы строка свернулась`
	starts := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	id := createEvent(t, s, a.site, owner, map[string]any{
		"title":       map[string]string{"ru": title, "kk": `<img src=x onerror=alert(5)>Жиналыс`},
		"description": map[string]string{"ru": `<p>Повестка</p><img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a><iframe src="https://evil.example"></iframe>`},
		"starts_at":   starts, "place": `<svg onload=alert(4)>Зал`, "online_url": "https://meet.example.kz/room", "capacity": 30})
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", a.site, id), map[string]any{},
		"Cookie", session(t, s, a.users["parent"].ID)); r.Status != 201 {
		t.Fatalf("sign-up: %d %s", r.Status, r.Body)
	}
	stored, err := s.App.DB.FindEvent(context.Background(), a.site, id)
	if err != nil {
		t.Fatal(err)
	}
	if d := stored.Description["ru"]; strings.Contains(d, "onerror") || strings.Contains(d, "<script") ||
		strings.Contains(d, "javascript:") || strings.Contains(d, "<iframe") || !strings.Contains(d, "<p>Повестка</p>") {
		t.Fatalf("description stored unsanitized: %q", d)
	}
	month := starts.In(sitecore.Almaty).Format("2006-01")
	inert := func(name, body string) {
		t.Helper()
		for _, bad := range []string{"<script>alert", "<img src=x onerror", "<svg onload", "javascript:alert", "<iframe"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s carries %q", name, bad)
			}
		}
	}
	eid := fmt.Sprint(id)
	for _, p := range []string{"/ru/events", "/ru/events?view=month&month=" + month, "/ru/events/" + eid, "/kk/events/" + eid,
		"/ru/panel/events", "/ru/panel/events/" + eid} {
		r := s.do("GET", p, nil, "Host", a.host, "Cookie", owner)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d %s", p, r.Status, r.Body)
		}
		inert(p, string(r.Body))
		if !strings.Contains(string(r.Body), "Собрание; итоги") && !strings.Contains(string(r.Body), "Жиналыс") {
			t.Errorf("%s does not show the event", p)
		}
	}

	for _, p := range []string{"/ru/events.ics", "/ru/events/" + eid + "/event.ics"} {
		r := s.do("GET", p, nil, "Host", a.host)
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("GET %s: %d %s", p, r.Status, r.Header.Get("Content-Type"))
		}
		lines := unfold(t, string(r.Body))
		depth, events, props := 0, 0, map[string]string{}
		for _, l := range lines {
			name, value, ok := strings.Cut(l, ":")
			if !ok {
				t.Fatalf("%s: line without a value: %q", p, l)
			}
			switch {
			case name == "BEGIN":
				depth++
				if value == "VEVENT" {
					events++
				}
			case name == "END":
				depth--
			default:
				props[name] = value
			}
		}
		if depth != 0 || events != 1 || lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
			t.Fatalf("%s: components unbalanced (depth %d, %d events)", p, depth, events)
		}
		if got := icalUnescape(props["SUMMARY"]); got != `alert(1)Собрание; итоги, планы \ "Қорытынды" — очень длинное название, чтобы строка свернулась` &&
			got != title {
			t.Errorf("%s: SUMMARY %q", p, got)
		}
		if at, err := time.Parse("20060102T150405Z", props["DTSTART"]); err != nil || !at.Equal(starts) {
			t.Errorf("%s: DTSTART %q (%v), want %s", p, props["DTSTART"], err, starts.UTC())
		}
		if !strings.Contains(icalUnescape(props["DESCRIPTION"]), "Повестка") || !strings.Contains(props["LOCATION"], "Зал") ||
			props["UID"] != "event-"+eid+"@"+a.host {
			t.Errorf("%s: DESCRIPTION %q LOCATION %q UID %q", p, props["DESCRIPTION"], props["LOCATION"], props["UID"])
		}
		inert(p, icalUnescape(props["DESCRIPTION"]))
	}

	x := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/events/%d/attendance.xlsx", a.site, id), nil, "Cookie", owner)
	if x.Status != 200 || !strings.HasPrefix(string(x.Body), "PK") {
		t.Fatalf("attendance.xlsx: %d", x.Status)
	}
	if r := s.do("GET", "/ru/panel/events/"+eid+"/attendance.xlsx", nil, "Host", a.host, "Cookie", owner); r.Status != 200 || !strings.HasPrefix(string(r.Body), "PK") {
		t.Fatalf("panel attendance.xlsx: %d", r.Status)
	}

	// Another school: the event is not found anywhere.
	bOwner := session(t, s, b.users["owner"].ID)
	for _, c := range []struct{ method, path string }{
		{"GET", fmt.Sprintf("/api/v1/sites/%d/events/%d", a.site, id)},
		{"GET", fmt.Sprintf("/api/v1/sites/%d/events/%d", b.site, id)},
		{"POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", b.site, id)},
		{"POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/cancel", b.site, id)},
		{"GET", fmt.Sprintf("/api/v1/sites/%d/events/%d/attendance.xlsx", b.site, id)},
	} {
		var body any
		if c.method == "POST" {
			body = map[string]any{}
		}
		if r := s.do(c.method, c.path, body, "Cookie", bOwner); r.Status != http.StatusNotFound {
			t.Errorf("B's owner: %s %s = %d %s", c.method, c.path, r.Status, r.Body)
		}
	}
	for _, p := range []string{"/ru/events/" + eid, "/ru/events/" + eid + "/event.ics", "/ru/panel/events/" + eid} {
		if r := s.do("GET", p, nil, "Host", b.host, "Cookie", bOwner); r.Status != http.StatusNotFound {
			t.Errorf("B's host: GET %s = %d", p, r.Status)
		}
	}
	if r := s.do("GET", "/ru/events.ics", nil, "Host", b.host); strings.Contains(string(r.Body), "VEVENT") {
		t.Error("B's feed lists A's event")
	}

	// Cancelling tells the one signed up.
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/cancel", a.site, id), nil, "Cookie", owner); r.Status != 200 ||
		obj(t, r.JSON(t), "event")["cancelled"] != true {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	waitMail(t, s, a.users["parent"].Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Subject, "Мероприятие отменено")
	})
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/events/%d/signups", a.site, id), map[string]any{},
		"Cookie", session(t, s, a.users["teacher"].ID)); r.Status != http.StatusConflict {
		t.Errorf("sign-up to a cancelled event: %d %s", r.Status, r.Body)
	}
	_ = testenv.Eventually
}
