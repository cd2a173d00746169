package app_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// Polls on the real stack: surveys of kind poll run by the survey engine's workflow, voted
// through the school site's no-JS form and the JSON API.

// pollDef is a poll with one single-choice question "q" (options a, b) and its settings.
func pollDef(title string, settings map[string]any) map[string]any {
	tr := func(s string) map[string]string { return map[string]string{"kk": s, "ru": s, "en": s} }
	now := time.Now()
	return map[string]any{"kind": "poll", "mode": "named", "audience": map[string]any{"kind": "any"},
		"title": tr(title), "opens_at": now.Add(-time.Minute), "closes_at": now.Add(2 * time.Hour), "poll": settings,
		"questions": []any{map[string]any{"id": "q", "kind": "single", "required": true, "text": tr("Which day? <img src=x onerror=alert(2)>"),
			"options": []any{map[string]any{"id": "a", "text": tr("Friday")}, map[string]any{"id": "b", "text": tr("Saturday")}}}}}
}

// openPoll creates a poll through the API as the owner and waits until its workflow opened it.
func openPoll(t *testing.T, s *stack, siteID int64, cookie string, def map[string]any) (int64, string) {
	t.Helper()
	id, path := createSurvey(t, s, siteID, def, "Cookie", cookie)
	scheduleSurvey(t, s, path, "Cookie", cookie)
	return id, path
}

// vote posts the poll's form as a browser would; it returns the response.
func vote(s *stack, host string, id int64, choice string, cookies ...string) response {
	h := []string{"Host", host, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"}
	if c := strings.Join(cookies, "; "); c != "" {
		h = append(h, "Cookie", c)
	}
	return s.do("POST", fmt.Sprintf("/ru/polls/%d", id), "q.q="+choice, h...)
}

// pollCookieOf is the name=value of a Set-Cookie header of r named name.
func pollCookieOf(r response, name string) string {
	for _, c := range r.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, name+"=") {
			v, _, _ := strings.Cut(c, ";")
			return v
		}
	}
	return ""
}

func TestPolls(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-polls")
	b := provisionTenant(t, s, "school-polls-b")
	owner := session(t, s, a.users["owner"].ID)
	parent := session(t, s, a.users["parent"].ID)
	teacher := session(t, s, a.users["teacher"].ID)

	t.Run("one vote per account", func(t *testing.T) {
		id, path := openPoll(t, s, a.site, owner, pollDef(`Fair <script>alert(1)</script>`, map[string]any{"results": "after_vote"}))
		page := fmt.Sprintf("/ru/polls/%d", id)
		r := s.do("GET", page, nil, "Host", a.host, "Cookie", parent)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, `name="q.q"`) || strings.Contains(body, "poll-results") {
			t.Fatalf("before voting: %d %s", r.Status, body)
		}
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;script&gt;alert(1)") {
			t.Fatalf("the title or question is not escaped: %s", body)
		}
		if r := vote(s, a.host, id, "a", parent); r.Status != 303 {
			t.Fatalf("vote: %d %s", r.Status, r.Body)
		}
		r = s.do("GET", page, nil, "Host", a.host, "Cookie", parent)
		if body := string(r.Body); !strings.Contains(body, "poll-results") || !strings.Contains(body, "<strong>1</strong>") || strings.Contains(body, `name="q.q"`) {
			t.Fatalf("after voting, the voter sees the results and no form: %s", body)
		}
		r = vote(s, a.host, id, "b", parent)
		if r.Status != 409 || !strings.Contains(string(r.Body), "Вы уже ответили на этот опрос") {
			t.Fatalf("second vote by form: %d %s", r.Status, r.Body)
		}
		// Through the API (the survey engine's start and ballots): 409 naming the field, in
		// the request's language.
		st := s.do("POST", path+"/start", nil, "Cookie", parent)
		var start struct{ Nonce string }
		if st.Status != 200 || json.Unmarshal(st.Body, &start) != nil || start.Nonce == "" {
			t.Fatalf("start: %d %s", st.Status, st.Body)
		}
		r = s.do("POST", path+"/ballots", map[string]any{"nonce": start.Nonce, "ballot": map[string]any{"answers": map[string]any{"q": map[string]any{"choice": "b"}}}},
			"Cookie", parent, "Accept-Language", "kk")
		if code, field, msg := r.Error(t); r.Status != 409 || code != "conflict" || field != "poll" || !strings.Contains(msg, "дауыс бердіңіз") {
			t.Fatalf("second vote by API: %d %s", r.Status, r.Body)
		}
		// Someone who has not voted does not see after_vote results yet.
		if r := s.do("GET", path+"/results", nil, "Cookie", teacher); r.Status != 403 {
			t.Fatalf("results for a non-voter: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", page, nil, "Host", a.host, "Cookie", teacher); strings.Contains(string(r.Body), "poll-results") {
			t.Fatalf("a non-voter sees after_vote results: %s", r.Body)
		}
		var res struct{ Results survey.Results }
		if r := s.do("GET", path+"/results", nil, "Cookie", owner); r.Status != 200 || json.Unmarshal(r.Body, &res) != nil ||
			res.Results.Ballots != 1 || res.Results.Questions[0].Options[0].Count != 1 {
			t.Fatalf("owner's results: %d %s", r.Status, r.Body)
		}
		// Another school: the poll does not exist there.
		if r := s.do("GET", page, nil, "Host", b.host, "Cookie", parent); r.Status != 404 {
			t.Fatalf("poll on another school's host: %d", r.Status)
		}
		bOwner := session(t, s, b.users["owner"].ID)
		if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/surveys/%d/results", b.site, id), nil, "Cookie", bOwner); r.Status != 404 {
			t.Fatalf("results through another site: %d %s", r.Status, r.Body)
		}
		if r := vote(s, b.host, id, "a", session(t, s, b.users["parent"].ID)); r.Status != 404 {
			t.Fatalf("vote through another school's host: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", "/ru/polls", nil, "Host", a.host); r.Status != 200 || !strings.Contains(string(r.Body), page) {
			t.Fatalf("the polls list: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", "/ru/polls", nil, "Host", b.host); r.Status != 200 || strings.Contains(string(r.Body), page) {
			t.Fatalf("another school lists the poll: %d %s", r.Status, r.Body)
		}
	})

	t.Run("guests vote once per browser", func(t *testing.T) {
		id, _ := openPoll(t, s, a.site, owner, pollDef("Guests", map[string]any{"results": "always", "guests": true}))
		r := vote(s, a.host, id, "a")
		browser := pollCookieOf(r, "mektep_poll")
		if r.Status != 303 || browser == "" {
			t.Fatalf("a guest's vote: %d %v %s", r.Status, r.Header, r.Body)
		}
		if r := vote(s, a.host, id, "b", browser); r.Status != 409 || !strings.Contains(string(r.Body), "Вы уже ответили") {
			t.Fatalf("the same browser again: %d %s", r.Status, r.Body)
		}
		// A forged cookie is no browser: it gets a fresh one (and so, weakly, another vote).
		forged := "mektep_poll=" + strings.Repeat("A", 24) + ".AAAAAAAAAAAAAAAAAAAAAA"
		r = vote(s, a.host, id, "b", forged)
		if r.Status != 303 || pollCookieOf(r, "mektep_poll") == "" {
			t.Fatalf("a forged cookie: %d %s", r.Status, r.Body)
		}
		r = s.do("GET", fmt.Sprintf("/ru/polls/%d", id), nil, "Host", a.host)
		if body := string(r.Body); !strings.Contains(body, "poll-results") || strings.Count(body, "<strong>1</strong>") != 2 {
			t.Fatalf("always: anyone sees the results: %s", body)
		}
	})

	t.Run("accounts only refuses guests", func(t *testing.T) {
		id, _ := openPoll(t, s, a.site, owner, pollDef("Accounts", map[string]any{"results": "admins"}))
		if r := vote(s, a.host, id, "a"); r.Status != 401 {
			t.Fatalf("a guest in an accounts-only poll: %d %s", r.Status, r.Body)
		}
		if r := vote(s, a.host, id, "a", parent); r.Status != 303 {
			t.Fatalf("vote: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/ru/polls/%d", id), nil, "Host", a.host, "Cookie", parent); strings.Contains(string(r.Body), "poll-results") {
			t.Fatalf("admins: the voter sees results: %s", r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/ru/polls/%d", id), nil, "Host", a.host, "Cookie", owner); !strings.Contains(string(r.Body), "poll-results") {
			t.Fatalf("admins: the owner does not see results: %s", r.Body)
		}
	})

	t.Run("closed poll refuses and shows after_close results", func(t *testing.T) {
		id, path := openPoll(t, s, a.site, owner, pollDef("Close", map[string]any{"results": "after_close", "guests": true}))
		if r := vote(s, a.host, id, "b", parent); r.Status != 303 {
			t.Fatalf("vote: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/ru/polls/%d", id), nil, "Host", a.host, "Cookie", parent); strings.Contains(string(r.Body), "poll-results") {
			t.Fatalf("after_close: results shown while open: %s", r.Body)
		}
		if r := s.do("POST", path+"/close", nil, "Cookie", owner); r.Status != 200 {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		testenv.Eventually(t, time.Minute, "the poll closed", func() bool {
			var got struct{ Survey survey.Survey }
			r := s.do("GET", path, nil, "Cookie", owner)
			return json.Unmarshal(r.Body, &got) == nil && got.Survey.Status == survey.StatusClosed
		})
		if r := vote(s, a.host, id, "a", teacher); r.Status != 409 || !strings.Contains(string(r.Body), "sv-error") {
			t.Fatalf("vote in a closed poll: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", fmt.Sprintf("/ru/polls/%d", id), nil, "Host", a.host); !strings.Contains(string(r.Body), "poll-results") {
			t.Fatalf("after_close: results hidden once closed: %s", r.Body)
		}
	})

	t.Run("panel creates, opens and closes", func(t *testing.T) {
		form := func(cookie, body string) response {
			return s.do("POST", "/ru/panel/polls", body, "Host", a.host, "Cookie", cookie,
				"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin")
		}
		loc := func(d time.Duration) string { return time.Now().Add(d).In(sitecore.Almaty).Format("2006-01-02T15:04") }
		v := url.Values{"action": {"create"}, "results": {"always"}, "opens_at": {loc(-time.Minute)}, "closes_at": {loc(time.Hour)}}
		for _, l := range []string{"kk", "ru", "en"} {
			v.Set("title_"+l, "Панель "+l)
			v.Set("question_"+l, "Когда?")
			v.Set("options_"+l, "Пятница\nСуббота")
		}
		bad := url.Values{}
		for k, x := range v {
			bad[k] = x
		}
		bad.Set("title_kk", "")
		if r := form(owner, bad.Encode()); r.Status != 400 || !strings.Contains(string(r.Body), "pc-error") {
			t.Fatalf("a missing title: %d %s", r.Status, r.Body)
		}
		if r := form(owner, v.Encode()); r.Status != 303 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		r := s.do("GET", "/ru/panel/polls", nil, "Host", a.host, "Cookie", owner)
		m := regexp.MustCompile(`id="open-(\d+)"`).FindStringSubmatch(string(r.Body))
		if r.Status != 200 || m == nil {
			t.Fatalf("the panel lists the draft with an open button: %d %s", r.Status, r.Body)
		}
		if r := form(owner, "action=open&id="+m[1]); r.Status != 303 {
			t.Fatalf("open: %d %s", r.Status, r.Body)
		}
		testenv.Eventually(t, time.Minute, "the poll opened", func() bool {
			r := s.do("GET", "/ru/panel/polls", nil, "Host", a.host, "Cookie", owner)
			return strings.Contains(string(r.Body), `id="close-`+m[1]+`"`)
		})
		if r := form(owner, "action=close&id="+m[1]); r.Status != 303 {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", "/ru/panel/polls", nil, "Host", a.host, "Cookie", parent); r.Status != 404 && r.Status != 403 {
			t.Fatalf("a parent enters the panel's polls: %d", r.Status)
		}
		if r := form(session(t, s, b.users["owner"].ID), "action=close&id="+m[1]); r.Status != 404 {
			t.Fatalf("another school's owner closes the poll: %d %s", r.Status, r.Body)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		def := pollDef("Bad", map[string]any{"results": "sometimes"})
		r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", a.site), def, "Cookie", owner, "Accept-Language", "en")
		if code, field, _ := r.Error(t); r.Status != 400 || code != "invalid" || field != "poll.results" {
			t.Fatalf("bad results setting: %d %s", r.Status, r.Body)
		}
		def = pollDef("Bad", map[string]any{"guests": true})
		def["audience"] = map[string]any{"kind": "parents"}
		r = s.do("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", a.site), def, "Cookie", owner)
		if _, field, _ := r.Error(t); r.Status != 400 || field != "poll.guests" {
			t.Fatalf("guests with a parents audience: %d %s", r.Status, r.Body)
		}
	})
}
