package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestPollInPrivateCommunity: a poll owned by a school's private community shows on the
// community's page and nowhere public; only the community's active members vote; those who
// do not see the community get "not found" for the poll itself; an owner that is no
// community of the site, or guests in a community's poll, are refused naming the field.
func TestPollInPrivateCommunity(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-cpoll")
	b := provisionTenant(t, s, "school-cpoll-b")
	owner := session(t, s, a.users["owner"].ID)
	parent := session(t, s, a.users["parent"].ID)
	teacher := session(t, s, a.users["teacher"].ID)

	f := newCommunity(t, s, owner, a.site, "Родители 5А", "private", "approval", "Начнём.")
	other := newCommunity(t, s, session(t, s, b.users["owner"].ID), b.site, "Чужое", "public", "open", "Привет.")
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	if r := s.do("PUT", fmt.Sprintf("%s/members/%d", c, a.users["parent"].ID), map[string]any{}, "Cookie", owner); r.Status != 200 {
		t.Fatalf("adding the parent: %d %s", r.Status, r.Body)
	}
	ref := fmt.Sprint(f.community)

	// Refusals at creation, naming the field.
	for _, tc := range []struct {
		settings map[string]any
		field    string
	}{
		{map[string]any{"owner_kind": "community", "owner_ref": fmt.Sprint(other.community)}, "poll.owner_ref"},
		{map[string]any{"owner_kind": "community", "owner_ref": "999999999"}, "poll.owner_ref"},
		{map[string]any{"owner_kind": "community", "owner_ref": ref, "guests": true}, "poll.guests"},
	} {
		r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", a.site), pollDef("x", tc.settings), "Cookie", owner, "Accept-Language", "en")
		if _, field, _ := r.Error(t); r.Status != 400 || field != tc.field {
			t.Errorf("poll with %v: %d %s", tc.settings, r.Status, r.Body)
		}
	}

	id, _ := openPoll(t, s, a.site, owner, pollDef("Class trip SECRET-POLL", map[string]any{
		"results": "always", "owner_kind": "community", "owner_ref": ref}))
	page := fmt.Sprintf("/ru/polls/%d", id)
	community := fmt.Sprintf("/ru/communities/%d", f.community)

	// The member sees it on the community's page and votes once.
	r := s.do("GET", community, nil, "Host", a.host, "Cookie", parent)
	if r.Status != 200 || !strings.Contains(string(r.Body), "SECRET-POLL") || !strings.Contains(string(r.Body), `id="community-polls"`) {
		t.Fatalf("the member's community page: %d %s", r.Status, r.Body)
	}
	if r := vote(s, a.host, id, "a", parent); r.Status != 303 {
		t.Fatalf("the member's vote: %d %s", r.Status, r.Body)
	}
	if r := vote(s, a.host, id, "b", parent); r.Status != 409 {
		t.Fatalf("the member's second vote: %d %s", r.Status, r.Body)
	}

	// Not on the site's public list; not found for a non-member, anonymous or the other school.
	if r := s.do("GET", "/ru/polls", nil, "Host", a.host); strings.Contains(string(r.Body), "SECRET-POLL") {
		t.Errorf("the site's poll list shows a private community's poll: %s", r.Body)
	}
	for who, h := range map[string][]string{
		"a teacher who is no member": {"Host", a.host, "Cookie", teacher},
		"anonymous":                  {"Host", a.host},
		"the other school's domain":  {"Host", b.host, "Cookie", parent},
	} {
		if r := s.do("GET", page, nil, h...); r.Status != 404 || strings.Contains(string(r.Body), "SECRET-POLL") {
			t.Errorf("%s reads the poll: %d", who, r.Status)
		}
	}
	if r := vote(s, a.host, id, "a", teacher); r.Status != 404 {
		t.Errorf("a non-member's vote: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/surveys/%d/results", a.site, id), nil, "Cookie", teacher); r.Status != 404 {
		t.Errorf("a non-member's results: %d %s", r.Status, r.Body)
	}

	// The site's survey admins see and count it (they made it).
	r = s.do("GET", fmt.Sprintf("/api/v1/sites/%d/surveys/%d/results", a.site, id), nil, "Cookie", owner)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"ballots":1`) {
		t.Errorf("the owner's results: %d %s", r.Status, r.Body)
	}
}
