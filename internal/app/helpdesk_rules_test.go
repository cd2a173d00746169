package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// Round robin gives new tickets to the on-duty agents in turn — an away agent gets none —
// and a returning agent rejoins the rotation.
func TestHelpdeskRoundRobin(t *testing.T) {
	s := startStack(t, stackOptions{})
	site := provisionTenantNoWorker(t, s, "school-rr")
	a1, _ := supportUser(t, s, "rr1@mektep.kz", sitecore.PlatformSupport)
	a2, _ := supportUser(t, s, "rr2@mektep.kz", sitecore.PlatformSupport)
	a3, c3 := supportUser(t, s, "rr3@mektep.kz", sitecore.PlatformSupport)
	_, leadCookie := supportUser(t, s, "rr-lead@mektep.kz", sitecore.PlatformSupportLead)
	if r := s.do("PUT", "/api/v1/helpdesk/agents/me/duty", map[string]any{"away": true}, "Cookie", c3); r.Status != 204 {
		t.Fatalf("away: %d %s", r.Status, r.Body)
	}
	_, parent := verifiedParent(t, s, "rr-parent@example.kz", sitecore.Kazakh)
	count := map[int64]int{}
	assign := func(n int) {
		t.Helper()
		for i := range n {
			id := openTicket(t, s, parent, site, fmt.Sprintf("Ticket %d", i))
			waitTicketStatus(t, s, id, sitecore.TicketOpen) // one at a time: the order is the rotation's
			count[ticketOf(t, s, id).AssigneeID]++
		}
	}
	assign(6)
	if count[a1.ID] != 3 || count[a2.ID] != 3 || count[a3.ID] != 0 {
		t.Errorf("assignments %v; want 3 each for %d and %d, none for the away %d", count, a1.ID, a2.ID, a3.ID)
	}
	if r := s.do("PUT", "/api/v1/helpdesk/agents/me/duty", map[string]any{"away": false}, "Cookie", c3); r.Status != 204 {
		t.Fatalf("back: %d", r.Status)
	}
	assign(3)
	if count[a1.ID] != 4 || count[a2.ID] != 4 || count[a3.ID] != 1 {
		t.Errorf("after the return: %v", count)
	}
	// The lead sees the queue; filters work; the agents list shows duty.
	r := s.do("GET", "/api/v1/helpdesk/queue?status=open&category=account&assignee="+fmt.Sprint(a3.ID), nil, "Cookie", leadCookie)
	if r.Status != 200 || len(r.JSON(t)["tickets"].([]any)) != 1 {
		t.Errorf("queue: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/api/v1/helpdesk/queue?sla=late", nil, "Cookie", leadCookie); r.Status != 400 {
		t.Errorf("unknown sla filter: %d", r.Status)
	}
	if r := s.do("GET", "/api/v1/helpdesk/queue", nil, "Cookie", parent); r.Status != 403 {
		t.Errorf("a requester reads the queue: %d", r.Status)
	}
}

// Bad input is refused with a 4xx naming the field, in the caller's language, and nothing
// is written: no ticket, no attachment record, no file.
func TestHelpdeskBadInput(t *testing.T) {
	s := startStack(t, stackOptions{})
	site := provisionTenantNoWorker(t, s, "school-bad")
	_, parent := verifiedParent(t, s, "bad-parent@example.kz", sitecore.Russian)
	ctx := context.Background()
	counts := func() string {
		var tickets, atts int
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_attachments)`).Scan(&tickets, &atts)
		n, _ := s.App.Content.Database().Collection("helpdesk_attachments.files").CountDocuments(ctx, map[string]any{})
		return fmt.Sprint(tickets, atts, n)
	}
	before := counts()
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"empty subject", map[string]any{"category": "account", "subject": "   ", "description": "x", "site_id": site}, "subject"},
		{"unknown category", map[string]any{"category": "billing", "subject": "x", "description": "x", "site_id": site}, "category"},
		{"no description", map[string]any{"category": "other", "subject": "x", "site_id": site}, "description"},
		{"unknown site", map[string]any{"category": "other", "subject": "x", "description": "x", "site_id": 99999999}, "site_id"},
		{"unknown field", map[string]any{"category": "other", "subject": "x", "description": "x", "priority": "urgent"}, "priority"},
		{"subject too long", map[string]any{"category": "other", "subject": strings.Repeat("ә", 201), "description": "x"}, "subject"},
	}
	for _, c := range cases {
		r := s.do("POST", "/api/v1/helpdesk/tickets", c.body, "Cookie", parent, "Accept-Language", "kk")
		code, f, msg := r.Error(t)
		if r.Status != 400 || f != c.field || msg == "" || !strings.ContainsAny(msg, "әіңғүұқөһӘІҢҒҮҰҚӨҺ«") {
			t.Errorf("%s: %d %s field %q %q", c.name, r.Status, code, f, msg)
		}
	}
	if r := s.do("POST", "/api/v1/helpdesk/tickets", map[string]any{"category": "other", "subject": "x", "description": "x"}); r.Status != 401 {
		t.Errorf("anonymous opens a ticket: %d", r.Status)
	}
	if got := counts(); got != before {
		t.Fatalf("bad tickets wrote something: %s → %s", before, got)
	}

	id := openTicket(t, s, parent, site, "Файл")
	before = counts()
	att := func(name string, body []byte) response {
		return s.do("POST", fmt.Sprintf("/api/v1/helpdesk/tickets/%d/attachments?name=%s", id, name), body, "Cookie", parent, "Accept-Language", "en")
	}
	big := append([]byte("%PDF-1.7\n"), make([]byte, 10<<20)...)
	for _, c := range []struct {
		name   string
		body   []byte
		status int
	}{
		{"evil.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00binary"), 400},
		{"page.html", []byte("<html><script>alert(1)</script></html>"), 400},
		{"big.pdf", big, 413},
		{"empty.pdf", nil, 400},
	} {
		r := att(c.name, c.body)
		if _, f, _ := r.Error(t); r.Status != c.status || f != "file" {
			t.Errorf("attachment %s: %d field %q %s", c.name, r.Status, f, r.Body)
		}
	}
	if got := counts(); got != before {
		t.Fatalf("bad attachments wrote something: %s → %s", before, got)
	}
	if r := att("scan.pdf", []byte("%PDF-1.7 scan")); r.Status != 201 || !strings.Contains(string(r.Body), `"application/pdf"`) {
		t.Errorf("good attachment: %d %s", r.Status, r.Body)
	}
}

// A requester sees only their own tickets: another school's parent, the school's own admin
// and an anonymous visitor get "not found" (or must log in) for the ticket, its attachments
// and every action; nobody but the requester can rate it.
func TestHelpdeskTenancy(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-hda")
	b := provisionTenant(t, s, "school-hdb")
	parentA := session(t, s, a.users["parent"].ID)
	id := openTicket(t, s, parentA, a.site, "SECRET-A-TICKET")
	if r := s.do("POST", fmt.Sprintf("/api/v1/helpdesk/tickets/%d/attachments?name=a.txt", id), "SECRET-A-FILE", "Cookie", parentA); r.Status != 201 {
		t.Fatalf("attach: %d %s", r.Status, r.Body)
	}
	waitTicketStatus(t, s, id, sitecore.TicketOpen)
	att := ""
	as, _ := s.App.DB.Attachments(context.Background(), id)
	if len(as) == 1 {
		att = fmt.Sprint(as[0].ID)
	}
	others := map[string]string{
		"B parent": session(t, s, b.users["parent"].ID), "B owner": session(t, s, b.users["owner"].ID),
		"A admin": session(t, s, a.users["admin"].ID), "A owner": session(t, s, a.users["owner"].ID),
		"A teacher": session(t, s, a.users["teacher"].ID),
	}
	path := fmt.Sprintf("/api/v1/helpdesk/tickets/%d", id)
	probes := []struct{ method, path, body string }{
		{"GET", path, ""}, {"GET", path + "/attachments/" + att, ""},
		{"POST", path + "/messages", `{"body":"hello"}`}, {"POST", path + "/close", ""}, {"POST", path + "/reopen", "{}"},
		{"POST", path + "/rating", `{"stars":5}`}, {"POST", path + "/attachments?name=x.txt", "intruder"},
		{"POST", path + "/solve", ""}, {"POST", path + "/assign", `{"agent_id":0}`},
	}
	for who, cookie := range others {
		for _, p := range probes {
			var body any
			if p.body != "" {
				body = p.body
			}
			r := s.do(p.method, p.path, body, "Cookie", cookie)
			if r.Status < 400 || strings.Contains(string(r.Body), "SECRET-A") {
				t.Errorf("%s: %s %s = %d %s", who, p.method, p.path, r.Status, r.Body)
			}
		}
		r := s.do("GET", "/api/v1/helpdesk/tickets", nil, "Cookie", cookie)
		if strings.Contains(string(r.Body), "SECRET-A") {
			t.Errorf("%s's list shows A's ticket", who)
		}
	}
	if r := s.do("GET", path, nil); r.Status != 401 {
		t.Errorf("anonymous: %d", r.Status)
	}
	// The page of B's site does not show A's ticket to B's parent either.
	if r := s.do("GET", fmt.Sprintf("/ru/helpdesk/%d", id), nil, "Host", b.host, "Cookie", others["B parent"]); r.Status != 404 {
		t.Errorf("B parent's page for A's ticket: %d", r.Status)
	}
	// The requester's own page works.
	r := s.do("GET", fmt.Sprintf("/ru/helpdesk/%d", id), nil, "Host", a.host, "Cookie", parentA)
	if r.Status != 200 || !strings.Contains(string(r.Body), "SECRET-A-TICKET") {
		t.Errorf("own page: %d", r.Status)
	}
	testenv.Eventually(t, 10*time.Second, "nothing changed", func() bool {
		m, _ := s.App.DB.Messages(context.Background(), id, true)
		return len(m) == 1
	})
}
