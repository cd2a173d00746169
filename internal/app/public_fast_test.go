package app_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fastAnswers reads how many requests the public pages' fast path has answered.
func fastAnswers(t *testing.T, s *stack) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^mektep_http_fast_answers_total (\d+)`).FindStringSubmatch(s.metrics())
	if m == nil {
		t.Fatal("no mektep_http_fast_answers_total in /metrics")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestPublicFastPath: a repeat request for a cached public page is answered before the
// router with the very bytes and headers the router answered the first with; 304s, HEAD,
// gzip, HSTS and X-Request-ID work on it; a publish, an unpublish and another tenant's Host
// are never answered from it, and neither are panel pages of a signed-in user.
func TestPublicFastPath(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "fast-a", "owner-password-1")
	b := provisionTenant(t, s, "fast-b")
	const host, path = "fast-a.edu.kz", "/ru/news/fast"
	site := "/api/v1/sites/" + id64(id)
	body := strings.Repeat("<p>Первая версия новости о школьной олимпиаде, достаточно длинная для сжатия.</p>", 20)
	if r := owner.do("POST", site+"/news", map[string]any{"key": "fast", "text": map[string]any{
		"ru": map[string]any{"title": "Быстрая", "slug": "fast", "body": body}}}); r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	if r := owner.do("POST", site+"/news/fast/publish", nil); r.Status >= 300 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	get := func(method string, headers ...string) response {
		t.Helper()
		return s.do(method, path, nil, append([]string{"Host", host, "User-Agent", firefoxUA}, headers...)...)
	}
	comparable := func(r response) map[string]string {
		h := map[string]string{}
		for k, v := range r.Header {
			if k != "Date" && k != "X-Request-Id" {
				h[k] = strings.Join(v, "\n")
			}
		}
		return h
	}

	routed := get("GET")
	if routed.Status != 200 || !strings.Contains(string(routed.Body), "Первая версия") {
		t.Fatalf("first: %d %.200s", routed.Status, routed.Body)
	}
	n := fastAnswers(t, s)
	fast := get("GET")
	if got := fastAnswers(t, s); got != n+1 {
		t.Fatalf("the repeat request was not answered by the fast path (%d → %d)", n, got)
	}
	if !bytes.Equal(fast.Body, routed.Body) || fast.Status != 200 {
		t.Errorf("fast answer differs from the routed one: %d, %d vs %d bytes", fast.Status, len(fast.Body), len(routed.Body))
	}
	if want, got := comparable(routed), comparable(fast); len(want) != len(got) {
		t.Errorf("headers: routed %v, fast %v", want, got)
	} else {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("header %s: routed %q, fast %q", k, v, got[k])
			}
		}
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Vary", "ETag", "X-Request-Id"} {
		if fast.Header.Get(h) == "" {
			t.Errorf("fast answer without %s", h)
		}
	}
	if len(fast.Header.Get("X-Request-Id")) != 24 || fast.Header.Get("X-Request-Id") == routed.Header.Get("X-Request-Id") {
		t.Errorf("request IDs: %q, %q", routed.Header.Get("X-Request-Id"), fast.Header.Get("X-Request-Id"))
	}
	// (Go's client asked for gzip above and unzipped it; here the page as it is.)
	if r := get("GET", "Accept-Encoding", "identity"); r.Header.Get("Content-Length") != strconv.Itoa(len(routed.Body)) || !bytes.Equal(r.Body, routed.Body) {
		t.Errorf("identity: Content-Length %q for %d bytes", r.Header.Get("Content-Length"), len(r.Body))
	}
	if r := get("GET", "X-Request-ID", "proxy-id-1"); r.Header.Get("X-Request-Id") != "proxy-id-1" {
		t.Errorf("a proxy's request ID is not echoed: %q", r.Header.Get("X-Request-Id"))
	}

	// Revalidation, HEAD and compression, all from the fast path.
	n = fastAnswers(t, s)
	if r := get("GET", "If-None-Match", fast.Header.Get("ETag")); r.Status != 304 || len(r.Body) != 0 {
		t.Errorf("If-None-Match: %d", r.Status)
	}
	if r := get("GET", "If-Modified-Since", fast.Header.Get("Last-Modified")); r.Status != 304 {
		t.Errorf("If-Modified-Since: %d", r.Status)
	}
	if r := get("HEAD"); r.Status != 200 || len(r.Body) != 0 || r.Header.Get("Content-Length") != strconv.Itoa(len(routed.Body)) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", r.Status, len(r.Body), r.Header.Get("Content-Length"))
	}
	gz := get("GET", "Accept-Encoding", "gzip")
	if gz.Header.Get("Content-Encoding") != "gzip" || !strings.HasSuffix(gz.Header.Get("ETag"), `-gz"`) {
		t.Errorf("gzip: %q %q", gz.Header.Get("Content-Encoding"), gz.Header.Get("ETag"))
	} else if zr, err := gzip.NewReader(bytes.NewReader(gz.Body)); err != nil {
		t.Error(err)
	} else if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, routed.Body) {
		t.Error("the gzip copy is not the page")
	}
	if r := get("GET", "Accept-Encoding", "gzip", "If-None-Match", gz.Header.Get("ETag")); r.Status != 304 {
		t.Errorf("If-None-Match of the gzip copy: %d", r.Status)
	}
	if got := fastAnswers(t, s); got != n+5 {
		t.Errorf("fast answers: %d, want %d", got, n+5)
	}
	// Behind a TLS proxy: links and HSTS as routed, kept apart from plain HTTP.
	tls1 := get("GET", "X-Forwarded-Proto", "https")
	tls2 := get("GET", "X-Forwarded-Proto", "https")
	if tls1.Header.Get("Strict-Transport-Security") == "" || tls2.Header.Get("Strict-Transport-Security") == "" || !bytes.Equal(tls1.Body, tls2.Body) {
		t.Errorf("HTTPS: HSTS %q / %q", tls1.Header.Get("Strict-Transport-Security"), tls2.Header.Get("Strict-Transport-Security"))
	}
	if fast.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS on plain HTTP")
	}

	// Another tenant's Host never gets this page.
	n = fastAnswers(t, s)
	for range 2 {
		if r := s.do("GET", path, nil, "Host", b.host); r.Status != 404 || strings.Contains(string(r.Body), "Первая версия") {
			t.Errorf("school B answered %d with A's page", r.Status)
		}
	}
	// A signed-in editor's panel is never a cached public page.
	for range 2 {
		if r := owner.do("GET", "/ru/panel", nil, "Host", host); bytes.Equal(r.Body, routed.Body) || strings.Contains(string(r.Body), "Первая версия") {
			t.Errorf("panel answered with the public page: %d", r.Status)
		}
	}
	if got := fastAnswers(t, s); got != n {
		t.Errorf("fast answers for another tenant or the panel: %d → %d", n, got)
	}

	// A publish shows at once; then the new page is answered fast.
	if r := owner.do("PATCH", site+"/news/fast", map[string]any{"text": map[string]any{"ru": map[string]any{
		"title": "Быстрая", "slug": "fast", "body": strings.ReplaceAll(body, "Первая", "Вторая")}}}); r.Status != 200 {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	if r := owner.do("POST", site+"/news/fast/publish", nil); r.Status >= 300 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	for i := range 2 {
		r := get("GET", "If-None-Match", fast.Header.Get("ETag"))
		if r.Status != 200 || !strings.Contains(string(r.Body), "Вторая версия") || strings.Contains(string(r.Body), "Первая версия") {
			t.Errorf("after the publish (%d): %d %.100s", i, r.Status, r.Body)
		}
	}
	n = fastAnswers(t, s)
	if r := get("GET"); !strings.Contains(string(r.Body), "Вторая версия") || fastAnswers(t, s) != n+1 {
		t.Errorf("the republished page is not answered fast")
	}
	// Unpublished: gone at once.
	if r := owner.do("POST", site+"/news/fast/unpublish", nil); r.Status >= 300 {
		t.Fatalf("unpublish: %d %s", r.Status, r.Body)
	}
	if r := get("GET"); r.Status != 404 {
		t.Errorf("after unpublishing: %d", r.Status)
	}
}
