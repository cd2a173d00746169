package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// The console's settings and team forms without a browser (they need no script): an
// operator edits a policy and the calendar, a bad input comes back with the message next to
// its field, a lead adds a canned response, an agent sees no editing form and is refused if
// they post anyway; a lead takes an agent out of the rotation. Nobody outside the team sees
// the console.
func TestConsoleSettingsForms(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	ctx := context.Background()
	op := consoleUser(t, s, "op-cf@mektep.kz", "Оператор", sitecore.PlatformOperator)
	lead := consoleUser(t, s, "lead-cf@mektep.kz", "Жетекші", sitecore.PlatformSupportLead)
	agent := consoleUser(t, s, "agent-cf@mektep.kz", "Агент", sitecore.PlatformSupport)
	stranger := consoleUser(t, s, "user-cf@mektep.kz", "Адам", "")
	post := func(who *sitecore.User, path string, form url.Values) response {
		return s.do("POST", path, form.Encode(), "Cookie", session(t, s, who.ID), "Content-Type", "application/x-www-form-urlencoded")
	}
	const settings = "/helpdesk/console/ru/settings"

	r := post(op, settings, url.Values{"action": {"policy"}, "category": {"tests"}, "priority": {"urgent"}, "first_hours": {"0,5"},
		"resolution_hours": {"4"}, "reminder_pct": {"80"}, "second_pct": {"150"}, "calendar": {"24x7"}, "auto_close_days": {"7"}, "solved_window_days": {"7"}})
	if r.Status != 303 {
		t.Fatalf("policy: %d %s", r.Status, r.Body)
	}
	pols, _ := s.App.DB.Policies(ctx)
	pol, ok := sitecore.PickPolicy(pols, sitecore.CategoryTests, sitecore.PriorityUrgent)
	if !ok || pol.FirstResponse.Minutes() != 30 || pol.ReminderPct != 80 || pol.Calendar != "24x7" {
		t.Errorf("stored policy %+v", pol)
	}
	r = post(op, settings, url.Values{"action": {"policy"}, "first_hours": {"abc"}, "resolution_hours": {"4"}})
	if r.Status != 400 || !strings.Contains(string(r.Body), `id="p-first_hours-err"`) {
		t.Errorf("a bad duration: %d, error not next to the field", r.Status)
	}
	r = post(op, settings, url.Values{"action": {"calendar"}, "utc_offset_minutes": {"300"}, "day_start": {"09:00"}, "day_end": {"18:00"},
		"weekdays": {"1", "2", "3", "4", "5"}, "holidays": {"2027-01-01 Жаңа жыл\n2027-13-40 Жоқ күн"}})
	if r.Status != 400 || !strings.Contains(string(r.Body), `id="holidays-err"`) || !strings.Contains(string(r.Body), "2027-13-40") {
		t.Errorf("a bad holiday: %d", r.Status)
	}
	r = post(op, settings, url.Values{"action": {"calendar"}, "utc_offset_minutes": {"300"}, "day_start": {"09:00"}, "day_end": {"18:00"},
		"weekdays": {"1", "2", "3", "4", "5"}, "holidays": {"2027-01-01 Жаңа жыл\n2027-03-22 Наурыз"}})
	if r.Status != 303 {
		t.Fatalf("calendar: %d %s", r.Status, r.Body)
	}
	if _, hs, _ := s.App.DB.WorkingHours(ctx); len(hs) != 2 || hs[1].Name != "Наурыз" {
		t.Errorf("holidays %+v", hs)
	}

	r = post(lead, settings, url.Values{"action": {"canned_add"}, "lang": {"kk"}, "title": {"Сәлем"}, "body": {"Сәлеметсіз бе!"}})
	if r.Status != 303 {
		t.Fatalf("canned: %d %s", r.Status, r.Body)
	}
	if cs, _ := s.App.DB.CannedResponses(ctx, sitecore.Kazakh); len(cs) != 1 || cs[0].Title != "Сәлем" {
		t.Errorf("canned %+v", cs)
	}
	page := s.do("GET", settings, nil, "Cookie", session(t, s, agent.ID))
	if page.Status != 200 || strings.Contains(string(page.Body), `id="policy-form"`) || strings.Contains(string(page.Body), `id="canned-add"`) {
		t.Errorf("an agent's settings page: %d, shows editing forms", page.Status)
	}
	if r := post(agent, settings, url.Values{"action": {"canned_add"}, "lang": {"kk"}, "title": {"x"}, "body": {"y"}}); r.Status != 403 {
		t.Errorf("an agent adds a canned response: %d", r.Status)
	}
	if r := post(agent, settings, url.Values{"action": {"calendar"}, "day_start": {"09:00"}, "day_end": {"18:00"}, "weekdays": {"1"}}); r.Status != 403 {
		t.Errorf("an agent edits the calendar: %d", r.Status)
	}

	if r := post(lead, "/helpdesk/console/ru/team", url.Values{"user_id": {itoa(agent.ID)}, "away": {"1"}}); r.Status != 303 {
		t.Fatalf("away: %d %s", r.Status, r.Body)
	}
	as, _ := s.App.DB.Agents(ctx)
	for _, a := range as {
		if a.UserID == agent.ID && !a.Away {
			t.Error("the agent is still on duty")
		}
	}
	if r := post(agent, "/helpdesk/console/ru/team", url.Values{"user_id": {itoa(lead.ID)}, "away": {"1"}}); r.Status != 403 {
		t.Errorf("an agent takes the lead out of the rotation: %d", r.Status)
	}

	for _, p := range []string{"/helpdesk/console/ru/", settings, "/helpdesk/console/ru/team"} {
		if r := s.do("GET", p, nil, "Cookie", session(t, s, stranger.ID)); r.Status != 404 {
			t.Errorf("a user outside the team gets %s: %d", p, r.Status)
		}
		if r := s.do("GET", p, nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/helpdesk/console/ru/login?next=") {
			t.Errorf("anonymous %s: %d %s", p, r.Status, r.Header.Get("Location"))
		}
	}
	if r := s.do("GET", "/helpdesk/console/ru/reports", nil, "Cookie", session(t, s, agent.ID)); r.Status != 403 {
		t.Errorf("an agent reads the reports: %d", r.Status)
	}
	// A form posted from another site is refused.
	r = s.do("POST", settings, url.Values{"action": {"canned_add"}}.Encode(), "Cookie", session(t, s, lead.ID),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if r.Status != 403 {
		t.Errorf("a cross-site form: %d", r.Status)
	}
}
