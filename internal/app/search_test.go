package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// indexDoc puts one published item straight into the search index, as the CMS does on
// publish.
func indexDoc(t *testing.T, s *stack, siteID int64, key string, lang sitecore.Lang, title, body string) {
	t.Helper()
	doc := sitecore.SearchDoc{SiteID: siteID, Kind: sitecore.SearchNews, Key: key, Lang: lang, Title: title, Body: body,
		Path: "/" + string(lang) + "/news/" + key, PublishedAt: time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)}
	if err := s.App.DB.IndexItem(context.Background(), siteID, sitecore.SearchNews, key, []sitecore.SearchDoc{doc}); err != nil {
		t.Fatal(err)
	}
}

func TestSearchPublicPage(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "search-school-a")
	b := provisionTenant(t, s, "search-school-b")
	indexDoc(t, s, a.site, "nauryz", "kk", "Наурыз мерекесі", `<p>Мектепте Наурыз тойланды. &lt;script&gt;alert("xss")&lt;/script&gt; `+
		`<img src=x onerror=alert(1)> Ата-аналарға рахмет!</p>`)
	indexDoc(t, s, b.site, "nauryz-b", "kk", "B мектебіндегі Наурыз", "<p>Наурыз B мектебінде де тойланды.</p>")
	for i := range 12 {
		indexDoc(t, s, a.site, fmt.Sprintf("sport-%02d", i), "ru", fmt.Sprintf("Спортивный праздник %d", i), "<p>Соревнования школьников.</p>")
	}
	get := func(path string, headers ...string) response {
		t.Helper()
		return s.do("GET", path, nil, append([]string{"Host", a.host}, headers...)...)
	}

	r := get("/kk/search?q=" + url.QueryEscape("НАУРЫЗ"))
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, `<mark>Наурыз</mark>`) || !strings.Contains(body, `href="/kk/news/nauryz"`) {
		t.Fatalf("search page: %d %s", r.Status, body)
	}
	for _, bad := range []string{`<script>alert`, `<img src=x`, "B мектебіндегі"} {
		if strings.Contains(body, bad) {
			t.Errorf("search page contains %q", bad)
		}
	}
	if !strings.Contains(body, `&lt;img src=x onerror=alert(1)&gt;`) && !strings.Contains(body, "Ата-аналарға") {
		t.Errorf("snippet lost the text around the payload: %s", body)
	}
	if !strings.Contains(body, `<meta name="robots" content="noindex">`) || !strings.Contains(body, `value="НАУРЫЗ"`) {
		t.Errorf("noindex or the header's query missing")
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q", cc)
	}

	// The typo fallback, Russian stemming, pagination.
	if r := get("/kk/search?q=" + url.QueryEscape("наурыс")); !strings.Contains(string(r.Body), `href="/kk/news/nauryz"`) {
		t.Errorf("наурыс: %s", r.Body)
	}
	r = get("/ru/search?q=" + url.QueryEscape("праздники"))
	if n := strings.Count(string(r.Body), `href="/ru/news/sport-`); n != 10 || !strings.Contains(string(r.Body), `rel="next" href="/ru/search?q=%D0%BF%D1%80%D0%B0%D0%B7%D0%B4%D0%BD%D0%B8%D0%BA%D0%B8&amp;page=2"`) {
		t.Errorf("page 1: %d hits: %s", n, r.Body)
	}
	if n := strings.Count(string(get("/ru/search?q="+url.QueryEscape("праздники")+"&page=2").Body), `href="/ru/news/sport-`); n != 2 {
		t.Errorf("page 2: %d hits", n)
	}

	// Nothing found; the bare form; bad input.
	if r := get("/en/search?q=zzzzqqqq"); r.Status != 200 || !strings.Contains(string(r.Body), "Nothing found") {
		t.Errorf("nothing found: %d %s", r.Status, r.Body)
	}
	if r := get("/ru/search"); r.Status != 200 || !strings.Contains(string(r.Body), "Введите слово") || strings.Contains(string(r.Body), "Ничего не найдено") {
		t.Errorf("empty form: %d %s", r.Status, r.Body)
	}
	r = get("/ru/search?q=" + strings.Repeat("я", 201))
	if r.Status != 400 || !strings.Contains(string(r.Body), "Поле «q» слишком длинное") {
		t.Errorf("long q: %d %s", r.Status, r.Body)
	}
	if r := get("/ru/search?q=x&page=abc"); r.Status != 400 {
		t.Errorf("page=abc: %d", r.Status)
	}
	if r := get("/de/search?q=x"); r.Status != 404 {
		t.Errorf("a language the site lacks: %d", r.Status)
	}
}

func TestSearchAPI(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "search-api-a")
	b := provisionTenant(t, s, "search-api-b")
	indexDoc(t, s, a.site, "olymp", "ru", "Олимпиада по математике", "<p>Итоги олимпиады.</p>")
	indexDoc(t, s, b.site, "olymp", "ru", "Олимпиада по физике", "<p>Итоги олимпиады B.</p>")

	var res sitecore.SearchResults
	r := s.do("GET", "/api/v1/search?lang=ru&q="+url.QueryEscape("олимпиады"), nil)
	if err := json.Unmarshal(r.Body, &res); err != nil || r.Status != 200 || res.Total != 2 {
		t.Fatalf("platform search: %d %s", r.Status, r.Body)
	}
	urls := map[string]bool{}
	for _, h := range res.Hits {
		urls[h.SiteName+" "+h.URL] = true
	}
	if !urls["Школа-гимназия №12 http://search-api-a.edu.kz/ru/news/olymp"] || !urls["Школа-гимназия №12 http://search-api-b.edu.kz/ru/news/olymp"] {
		t.Errorf("hits name the school and link absolutely: %v", urls)
	}
	r = s.do("GET", fmt.Sprintf("/api/v1/search?lang=ru&site=%d&q=%s", a.site, url.QueryEscape("олимпиада")), nil)
	res = sitecore.SearchResults{}
	if err := json.Unmarshal(r.Body, &res); err != nil || res.Total != 1 || res.Hits[0].SiteID != a.site {
		t.Errorf("site search: %s", r.Body)
	}
	if !strings.Contains(res.Hits[0].Title, "<mark>Олимпиада</mark>") {
		t.Errorf("title not highlighted: %q", res.Hits[0].Title)
	}
	for _, tt := range []struct{ query, field string }{
		{"lang=ru", "q"}, {"lang=ru&q=" + strings.Repeat("x", 201), "q"}, {"lang=xx&q=x", "lang"},
		{"q=x&site=abc", "site"}, {"q=x&page=0", "page"}, {"q=x&per_page=500", "per_page"},
	} {
		r := s.do("GET", "/api/v1/search?"+tt.query, nil, "Accept-Language", "en")
		if code, field, msg := r.Error(t); r.Status != 400 || code != "invalid" || field != tt.field || msg == "" {
			t.Errorf("%s: %d %s", tt.query, r.Status, r.Body)
		}
	}
}

// TestSearchFindsPublishedPages goes through the CMS: a published page is found, a draft
// is not, and unpublishing removes it.
func TestSearchFindsPublishedPages(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "search-cms")
	owner := session(t, s, a.users["owner"].ID)
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/pages", a.site),
		`{"key":"library","text":{"ru":{"title":"Библиотека","slug":"biblioteka","body":"<p>Книжный фонд школьной библиотеки.</p>"}}}`, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	find := func() int {
		var res sitecore.SearchResults
		r := s.do("GET", fmt.Sprintf("/api/v1/search?lang=ru&site=%d&q=%s", a.site, url.QueryEscape("книжный фонд")), nil)
		_ = json.Unmarshal(r.Body, &res)
		return res.Total
	}
	if n := find(); n != 0 {
		t.Errorf("a draft is found (%d)", n)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/pages/library/publish", a.site), nil, "Cookie", owner); r.Status >= 300 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	if n := find(); n != 1 {
		t.Errorf("the published page is found %d times", n)
	}
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/pages/library/unpublish", a.site), nil, "Cookie", owner); r.Status >= 300 {
		t.Fatalf("unpublish: %d %s", r.Status, r.Body)
	}
	if n := find(); n != 0 {
		t.Errorf("an unpublished page is found (%d)", n)
	}
}
