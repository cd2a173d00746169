package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestPanelCommunities: the school's owner creates a community "by approval" on the
// panel's communities page (no JavaScript needed), a teacher asks to join and is approved,
// the owner makes them a moderator and dismisses them again; a teacher without the
// comments section does not see the page in the navigation and is refused it. axe-core
// finds nothing serious on the page.
func TestPanelCommunities(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fpc")
	owner := session(t, s, a.users["owner"].ID)
	teacher := session(t, s, a.users["teacher"].ID)
	page := "/ru/panel/communities"

	// Without JavaScript: the form posts and redirects; a name is required.
	if r := formPost(s, a.host, page, owner, url.Values{"action": {"create"}, "name": {""}, "visibility": {"public"}, "join_policy": {"approval"}}); r.Status != 400 ||
		!strings.Contains(string(r.Body), `id="cm-name-error"`) {
		t.Fatalf("empty name: %d", r.Status)
	}
	if r := formPost(s, a.host, page, owner, url.Values{"action": {"create"}, "name": {"Клуб робототехники"}, "visibility": {"public"},
		"join_policy": {"approval"}, "kind": {"group"}}); r.Status != 303 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var id int64
	if err := s.App.DB.Pool.QueryRow(t.Context(), `SELECT id FROM communities WHERE site_id = $1 AND name = 'Клуб робототехники' AND join_policy = 'approval'`,
		a.site).Scan(&id); err != nil {
		t.Fatalf("the community was not stored: %v", err)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/communities/%d/membership", id), nil, "Cookie", teacher); r.Status != 200 {
		t.Fatalf("ask: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/communities/%d/requests/%d", id, a.users["teacher"].ID), map[string]any{"decision": "approve"}, "Cookie", owner); r.Status != 204 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	appoint := fmt.Sprintf("appoint-%d-%d", id, a.users["teacher"].ID)
	p := s.do("GET", page, nil, "Host", a.host, "Cookie", owner)
	if p.Status != 200 || !strings.Contains(string(p.Body), `id="`+appoint+`"`) {
		t.Fatalf("panel page: %d", p.Status)
	}
	// The teacher (no comments section) neither sees nor enters it.
	if tp := s.do("GET", page, nil, "Host", a.host, "Cookie", teacher); tp.Status != 403 {
		t.Errorf("teacher enters the page: %d", tp.Status)
	}
	if r := formPost(s, a.host, page, teacher, url.Values{"action": {"appoint"}, "community_id": {fmt.Sprint(id)}, "user_id": {fmt.Sprint(a.users["teacher"].ID)}}); r.Status == 303 {
		t.Errorf("teacher appointed themselves")
	}

	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	if _, err := chromedp.Call(b, network.SetCookie, network.SetCookieParams{Name: "mektep_session",
		Value: strings.TrimPrefix(owner, "mektep_session="), Domain: a.host, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(origin+page), chromedp.WaitVisible(chromedp.ID(appoint))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, b, "panel-communities")
	shot(t, b, "panel-communities")
	dismiss := fmt.Sprintf("dismiss-%d-%d", id, a.users["teacher"].ID)
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID(appoint)), chromedp.WaitVisible(chromedp.ID(dismiss))); err != nil {
		t.Fatalf("appoint: %v", err)
	}
	var role string
	if err := s.App.DB.Pool.QueryRow(t.Context(), `SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2`, id, a.users["teacher"].ID).Scan(&role); err != nil || role != "moderator" {
		t.Fatalf("role after appoint: %q %v", role, err)
	}
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID(dismiss)), chromedp.WaitVisible(chromedp.ID(appoint))); err != nil {
		t.Fatalf("dismiss: %v", err)
	}
	if err := s.App.DB.Pool.QueryRow(t.Context(), `SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2`, id, a.users["teacher"].ID).Scan(&role); err != nil || role != "member" {
		t.Fatalf("role after dismiss: %q %v", role, err)
	}
}
