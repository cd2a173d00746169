package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// End-to-end tests of the public-site findings of the security review (issue 24) that
// concern the HTTP layer, over HTTP against the real stack. They share one school.
func TestPublicSiteHardening(t *testing.T) {
	s := startStack(t, stackOptions{})
	const host = "school-hd.edu.kz"
	const password = "Owner-Hardening-1"
	id, owner := ownedSite(t, s, "school-hd", password)
	site := "/api/v1/sites/" + id64(id)
	if r := owner.do("POST", site+"/news", map[string]any{"key": "sport", "text": map[string]any{
		"ru": map[string]any{"title": "Спартакиада", "slug": "spartakiada", "body": "Итоги."}}}); r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	if r := owner.do("POST", site+"/news/sport/publish", nil); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}

	// After the family login only a path of this site is followed: browsers read a
	// backslash or a tab after the first slash as "//", i.e. another host.
	t.Run("LoginRedirectStaysOnSite", func(t *testing.T) {
		// One round trip, not http.Client: the client refuses to parse some of these
		// Locations, which is what a browser reads leniently.
		login := func(next string) string {
			form := url.Values{"email": {"director@school-hd.edu.kz"}, "password": {password}, "next": {next}}
			req, err := http.NewRequest("POST", s.URL+"/ru/login", strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Host = host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 303 {
				t.Fatalf("login with next %q: %d", next, resp.StatusCode)
			}
			return resp.Header.Get("Location")
		}
		for _, next := range []string{"/\\evil.example", "/\t/evil.example", "/\\/evil.example", "//evil.example",
			"https://evil.example/", "/\n/evil.example", " //evil.example", "/%5Cevil.example\\x"} {
			if loc := login(next); loc != "/ru/admissions" {
				t.Errorf("next %q led to %q", next, loc)
			}
		}
		if loc := login("/ru/news/spartakiada?page=1#comments"); loc != "/ru/news/spartakiada?page=1#comments" {
			t.Errorf("a page of the site: %q", loc)
		}
	})

	// The comment form is read up to a cap: a megabyte of multipart body is refused as too
	// large instead of being taken in whole (up to 32 MiB before).
	t.Run("CommentFormIsCapped", func(t *testing.T) {
		_, reader := verifiedParent(t, s, "reader-hd@example.kz", sitecore.Russian)
		send := func(text string) response {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("body", text)
			_ = mw.Close()
			return s.do("POST", "/ru/news/spartakiada/comments", buf.Bytes(), "Host", host, "Cookie", reader,
				"Content-Type", mw.FormDataContentType())
		}
		if r := send(strings.Repeat("я", 1<<19)); r.Status != 413 || !strings.Contains(string(r.Body), "64 KiB") {
			t.Errorf("a 1 MiB comment form: %d %s", r.Status, r.Body)
		}
		if r := send(strings.Repeat("я", 2001)); r.Status != 400 || strings.Contains(string(r.Body), "{") {
			t.Errorf("a comment over 2,000 characters: %d %s", r.Status, r.Body)
		}
		if r := send("Молодцы!"); r.Status != 303 {
			t.Errorf("an ordinary comment: %d %s", r.Status, r.Body)
		}
	})

	// The Host's port and case do not reach the links of a page (nor, therefore, the page
	// cache's key, which is built from the same base URL): a stranger's port is dropped.
	t.Run("HostIsNormalized", func(t *testing.T) {
		want := string(s.do("GET", "/ru/news/spartakiada", nil, "Host", host).Body)
		if !strings.Contains(want, "http://"+host+"/ru/news/spartakiada") {
			t.Fatalf("the page has no canonical link to itself:\n%s", want)
		}
		// The item changes in the store behind the cache's back (no invalidation): a host
		// that keyed a cache entry of its own would render the change, so an unchanged
		// page below is the cached one — the ports share the entry, they add none.
		ctx := context.Background()
		n, err := s.App.Content.FindNewsByKey(ctx, id, "sport")
		if err != nil {
			t.Fatal(err)
		}
		ru := n.Text["ru"]
		ru.Body = "CHANGED-BEHIND-THE-CACHE"
		n.Text["ru"] = ru
		if err := s.App.Content.UpsertNews(ctx, n); err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{host + ":4444", "School-HD.EDU.kz:5555", host + ".:80"} {
			r := s.do("GET", "/ru/news/spartakiada", nil, "Host", h)
			if r.Status != 200 || strings.Contains(string(r.Body), ":4444") || strings.Contains(string(r.Body), ":5555") ||
				strings.Contains(strings.ToLower(string(r.Body)), "school-hd.edu.kz.") || string(r.Body) != want {
				t.Errorf("Host %q: %d, the page differs from the one under %q", h, r.Status, host)
			}
		}
		// The probe is real: rendered afresh, the page shows the change.
		s.App.Server.NoPageCache.Store(true)
		defer s.App.Server.NoPageCache.Store(false)
		if r := s.do("GET", "/ru/news/spartakiada", nil, "Host", host+":6666"); !strings.Contains(string(r.Body), "CHANGED-BEHIND-THE-CACHE") {
			t.Errorf("a fresh render does not show the changed item: %d", r.Status)
		}
	})

	// Over HTTPS (here a proxy's X-Forwarded-Proto) every answer asks for HTTPS only.
	t.Run("StrictTransportBehindTLS", func(t *testing.T) {
		for _, path := range []string{"/ru/", "/healthz", "/api/v1/me"} {
			if r := s.do("GET", path, nil, "Host", host, "X-Forwarded-Proto", "https"); !strings.Contains(r.Header.Get("Strict-Transport-Security"), "max-age=") {
				t.Errorf("%s over https: Strict-Transport-Security %q", path, r.Header.Get("Strict-Transport-Security"))
			}
			if r := s.do("GET", path, nil, "Host", host); r.Header.Get("Strict-Transport-Security") != "" {
				t.Errorf("%s over http carries Strict-Transport-Security", path)
			}
		}
	})

	// The search and 404 pages are rendered outside the page cache; they carry the same
	// content security policy and may not be framed by other sites.
	t.Run("SearchAnd404AreNotFramed", func(t *testing.T) {
		for _, c := range []struct{ path, host string }{
			{"/ru/search?q=спартакиада", host}, {"/ru/nothing-here", host}, {"/nothing", "unknown.example.kz"},
		} {
			r := s.do("GET", c.path, nil, "Host", c.host)
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "frame-ancestors 'self'") || !strings.Contains(csp, "default-src 'self'") ||
				r.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
				t.Errorf("%s on %s (%d): CSP %q, X-Frame-Options %q", c.path, c.host, r.Status, csp, r.Header.Get("X-Frame-Options"))
			}
		}
	})

	// /metrics is served on its own listener only, never on a school's host.
	t.Run("MetricsOnTheirOwnListener", func(t *testing.T) {
		for _, h := range []string{host, strings.TrimPrefix(s.URL, "http://")} {
			if r := s.do("GET", "/metrics", nil, "Host", h); r.Status != 404 || strings.Contains(string(r.Body), "mektep_http_requests_total") {
				t.Errorf("/metrics on %s: %d", h, r.Status)
			}
		}
		if m := s.metrics(); !strings.Contains(m, "mektep_http_requests_total") {
			t.Errorf("the metrics listener: %.300s", m)
		}
	})

	// Over HTTPS the session cookie is "__Host-" prefixed (Secure, path /, no domain), and a
	// plain-named cookie, which a sibling domain could have planted, is not believed there.
	t.Run("HostPrefixedSessionOverTLS", func(t *testing.T) {
		r := s.do("POST", "/api/v1/auth/login", map[string]any{"email": "director@school-hd.edu.kz", "password": password},
			"X-Forwarded-Proto", "https")
		c := cookieOf(r, "__Host-"+sessionCookie)
		if r.Status != 200 || c == nil || c.Value == "" || !c.Secure || c.Path != "/" || c.Domain != "" || cookieOf(r, sessionCookie) != nil {
			t.Fatalf("login over https: %d %+v %v", r.Status, c, r.Header["Set-Cookie"])
		}
		if r := s.do("GET", "/api/v1/me", nil, "X-Forwarded-Proto", "https", "Cookie", "__Host-"+sessionCookie+"="+c.Value); r.Status != 200 {
			t.Errorf("the __Host- cookie over https: %d %s", r.Status, r.Body)
		}
		if r := s.do("GET", "/api/v1/me", nil, "X-Forwarded-Proto", "https", "Cookie", sessionCookie+"="+c.Value); r.Status != 401 {
			t.Errorf("a plain-named cookie over https: %d %s", r.Status, r.Body)
		}
		if r := s.do("POST", "/api/v1/auth/logout", nil, "X-Forwarded-Proto", "https", "Cookie", "__Host-"+sessionCookie+"="+c.Value); r.Status != 204 {
			t.Errorf("logout over https: %d %s", r.Status, r.Body)
		} else if cl := cookieOf(r, "__Host-"+sessionCookie); cl == nil || cl.MaxAge >= 0 {
			t.Errorf("logout over https does not clear the __Host- cookie: %v", r.Header["Set-Cookie"])
		}
		if r := s.do("GET", "/api/v1/me", nil, "X-Forwarded-Proto", "https", "Cookie", "__Host-"+sessionCookie+"="+c.Value); r.Status != 401 {
			t.Errorf("the session after logout: %d", r.Status)
		}
	})
}
