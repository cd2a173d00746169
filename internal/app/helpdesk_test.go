package app_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// supportUser stores a user with a platform role and returns it with a session cookie.
func supportUser(t testing.TB, s *stack, email string, role sitecore.PlatformRole) (*sitecore.User, string) {
	t.Helper()
	u := fixtureUser(t, s, email, 0, "")
	if err := s.App.DB.SetPlatformRole(context.Background(), u.ID, role); err != nil {
		t.Fatal(err)
	}
	u.PlatformRole = role
	return u, session(t, s, u.ID)
}

// helpdeskPolicy sets the catch-all SLA policy (normal tickets) to short 24×7 targets.
func helpdeskPolicy(t testing.TB, s *stack, first, resolution, autoClose, solvedWindow int) {
	t.Helper()
	r := s.operator("PUT", "/api/v1/helpdesk/policies", map[string]any{"first_response_seconds": first,
		"resolution_seconds": resolution, "calendar": "24x7", "auto_close_seconds": autoClose, "solved_window_seconds": solvedWindow})
	if r.Status != 200 {
		t.Fatalf("policy: %d %s", r.Status, r.Body)
	}
}

func openTicket(t testing.TB, s *stack, cookie string, site int64, subject string) int64 {
	t.Helper()
	r := s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "account", "subject": subject,
		"description": "I cannot log in to the school site.", "site_id": site}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("open ticket: %d %s", r.Status, r.Body)
	}
	return int64(r.JSON(t)["ticket"].(map[string]any)["id"].(float64))
}

func ticketOf(t testing.TB, s *stack, id int64) *sitecore.Ticket {
	t.Helper()
	tk, err := s.App.DB.FindTicket(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func waitTicketStatus(t testing.TB, s *stack, id int64, want sitecore.TicketStatus) {
	t.Helper()
	testenv.Eventually(t, 30*time.Second, fmt.Sprintf("ticket %d %s", id, want), func() bool { return ticketOf(t, s, id).Status == want })
}

var ratingLink = regexp.MustCompile(`/helpdesk/rate\?lang=[a-z]+&token=([A-Za-z0-9_-]+)`)

// A whole ticket through HTTP against the real stack: opened by a parent from their school,
// assigned round-robin, a note the parent never sees, a refused reply from an agent who is
// not assigned, the answer, solving, the emailed rating link (bad stars refused, low rating
// without a reason refused, then a rating, then the reused link refused), the report and the
// Excel exports. With MEKTEP_RECORD_HISTORY=1 it records testdata/histories/ticket-local.json.
func TestHelpdeskEndToEnd(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-hd")
	helpdeskPolicy(t, s, 3600, 7200, 3600, 3600)
	agent1, c1 := supportUser(t, s, "agent1@mektep.kz", sitecore.PlatformSupport)
	_, c2 := supportUser(t, s, "agent2@mektep.kz", sitecore.PlatformSupport)
	_, lead := supportUser(t, s, "lead@mektep.kz", sitecore.PlatformSupportLead)
	parent := session(t, s, a.users["parent"].ID)

	id := openTicket(t, s, parent, a.site, "Кіре алмаймын")
	waitTicketStatus(t, s, id, sitecore.TicketOpen)
	if tk := ticketOf(t, s, id); tk.AssigneeID != agent1.ID || tk.SiteID != a.site || tk.FirstResponseDue == nil {
		t.Fatalf("ticket after start: %+v (agent1 %d)", tk, agent1.ID)
	}
	path := fmt.Sprintf("/api/v1/helpdesk/tickets/%d", id)
	if r := s.do("POST", path+"/messages", map[string]any{"body": "I'll take it"}, "Cookie", c2, "Accept-Language", "en"); r.Status != 403 {
		t.Errorf("reply from an agent who is not assigned: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", path+"/messages", map[string]any{"body": "INTERNAL-NOTE: check the LDAP", "internal": true}, "Cookie", c2); r.Status != 200 {
		t.Fatalf("internal note: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", path+"/messages", map[string]any{"body": "Your password is reset; check your email."}, "Cookie", c1); r.Status != 200 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	r := s.do("GET", path, nil, "Cookie", parent)
	if r.Status != 200 || strings.Contains(string(r.Body), "INTERNAL-NOTE") || !strings.Contains(string(r.Body), "password is reset") {
		t.Errorf("requester's view: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", path, nil, "Cookie", c1); !strings.Contains(string(r.Body), "INTERNAL-NOTE") {
		t.Errorf("agent's view lacks the note: %s", r.Body)
	}
	if r := s.do("POST", path+"/solve", nil, "Cookie", c1); r.Status != 200 {
		t.Fatalf("solve: %d %s", r.Status, r.Body)
	}
	to := a.users["parent"].Email
	mails := waitMailTo(t, s, to, 3) // received, reply, solved
	// The requester's emails link to their ticket's page on the school's domain, in the
	// ticket's language.
	for _, m := range mails {
		if strings.Contains(m.Subject, "зарегистрировано") {
			expectPageLink(t, s, m.Text, a.host, fmt.Sprintf("/ru/helpdesk/%d", id), parent)
		}
	}
	var token string
	for _, m := range mails {
		if sm := ratingLink.FindStringSubmatch(m.Text); sm != nil {
			token = sm[1]
		}
	}
	if token == "" {
		t.Fatalf("no rating link in %d emails", len(mails))
	}
	// The parent's language (Russian) is the email's.
	if !slices.ContainsFunc(mails, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "решено") }) {
		t.Errorf("no Russian 'solved' email: %v", subjects(mails))
	}
	page := s.do("GET", "/helpdesk/rate?lang=kk&token="+token, nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "Кіре алмаймын") {
		t.Errorf("rating page: %d", page.Status)
	}
	bad := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"token": token, "stars": 6}, "stars"},
		{map[string]any{"token": token, "stars": 1}, "reason"},
		{map[string]any{"token": token, "stars": 2, "reason": "rude"}, "reason"},
		{map[string]any{"token": "forged", "stars": 5}, "token"},
	}
	for _, b := range bad {
		r := s.do("POST", "/api/v1/helpdesk/rating", b.body, "Accept-Language", "ru")
		if _, f, msg := r.Error(t); r.Status != 400 || f != b.field || msg == "" {
			t.Errorf("rating %v: %d field %q", b.body, r.Status, f)
		}
	}
	if _, err := s.App.DB.FindRating(context.Background(), id); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("a refused rating was stored: %v", err)
	}
	if r := s.do("POST", "/api/v1/helpdesk/rating", map[string]any{"token": token, "stars": 2, "reason": "slow", "comment": "Долго"}); r.Status != 200 {
		t.Fatalf("rating: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", "/api/v1/helpdesk/rating", map[string]any{"token": token, "stars": 5}); r.Status != 400 {
		t.Errorf("reused rating link: %d %s", r.Status, r.Body)
	} else if _, f, _ := r.Error(t); f != "token" {
		t.Errorf("reused rating link names %q", f)
	}
	waitTicketStatus(t, s, id, sitecore.TicketClosed)
	rt, err := s.App.DB.FindRating(context.Background(), id)
	if err != nil || rt.Stars != 2 || rt.AgentID != agent1.ID || rt.Reason != "slow" {
		t.Fatalf("rating %+v, %v", rt, err)
	}
	if r := s.do("POST", path+"/solve", nil, "Cookie", c1); r.Status != 409 {
		t.Errorf("solving a closed ticket: %d %s", r.Status, r.Body)
	}

	today := time.Now().In(sitecore.Almaty).Format(time.DateOnly)
	rep := s.do("GET", "/api/v1/helpdesk/reports/agents?from="+today+"&to="+today, nil, "Cookie", lead)
	if rep.Status != 200 {
		t.Fatalf("report: %d %s", rep.Status, rep.Body)
	}
	rows := rep.JSON(t)["agents"].([]any)
	first := rows[0].(map[string]any)
	if len(rows) != 2 || int64(first["agent_id"].(float64)) != agent1.ID || first["solved"].(float64) != 1 ||
		first["ratings"].([]any)[1].(float64) != 1 || first["average_rating"].(float64) != 2 || first["within_sla_pct"].(float64) != 100 {
		t.Errorf("report %s", rep.Body)
	}
	if r := s.do("GET", "/api/v1/helpdesk/reports/agents?from="+today+"&to="+today, nil, "Cookie", c1); r.Status != 403 {
		t.Errorf("an agent reads the team report: %d", r.Status)
	}
	for _, x := range []string{"agents.xlsx", "tickets.xlsx"} {
		r := s.do("GET", "/api/v1/helpdesk/reports/"+x+"?from="+today+"&to="+today, nil, "Cookie", lead, "Accept-Language", "kk")
		if r.Status != 200 || !bytes.HasPrefix(r.Body, []byte("PK")) {
			t.Errorf("%s: %d", x, r.Status)
		}
	}
	recordHistory(t, s, workflows.TicketWorkflowID(id), "ticket-local.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.Ticket)
	})
	// The ticket's subject, its thread and the people's addresses stay out of Temporal.
	if seen := assertHistoriesPrivate(t, s, "Кіре алмаймын"); seen["Ticket"] == 0 {
		t.Errorf("no Ticket workflow scanned (saw %v)", seen)
	}
}

func subjects(ms []devstack.Mail) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}
