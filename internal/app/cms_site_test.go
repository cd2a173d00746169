package app_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

const xssTitle = `Наурыз <script>alert("t")</script>`

// TestNewsFeedsSitemapAndSEO publishes news and checks what visitors and crawlers get: the
// item page with hreflang and escaping, the paginated list, RSS and Atom that parse as XML,
// a sitemap with hreflang that splits into an index, robots.txt, settings with SEO tags and
// integrations with an exact Content-Security-Policy, and conditional requests.
func TestNewsFeedsSitemapAndSEO(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "news1", "owner-password-1")
	site := "/api/v1/sites/" + id64(id)
	host := []string{"Host", "news1.edu.kz"}
	public := func(path string, h ...string) response { return s.do("GET", path, nil, append(h, host...)...) }

	news := func(i int, title string) string {
		t.Helper()
		r := owner.do("POST", site+"/news", map[string]any{"key": fmt.Sprintf("n%d", i), "tags": []string{"Olympiad", "math"},
			"text": map[string]any{
				"ru": map[string]any{"title": title, "slug": fmt.Sprintf("novost-%d", i), "body": `<p>Текст</p><img src=x onerror=alert(1)>`},
				"kk": map[string]any{"title": "Жаңалық " + fmt.Sprint(i), "slug": fmt.Sprintf("zhanalyq-%d", i), "body": "Мәтін: ә ғ қ ң ө ұ ү һ і"}}})
		if r.Status != 201 {
			t.Fatalf("create news %d: %d %s", i, r.Status, r.Body)
		}
		return fmt.Sprintf("n%d", i)
	}
	key := news(1, xssTitle)
	if r := public("/ru/news/novost-1"); r.Status != 404 {
		t.Errorf("a draft news item is public: %d", r.Status)
	}
	if r := owner.do("POST", site+"/news/"+key+"/publish", nil); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	r := public("/ru/news/novost-1")
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, "Наурыз &lt;script&gt;") || strings.Contains(body, "<script>alert") || strings.Contains(body, "onerror") {
		t.Fatalf("news item page: %d %s", r.Status, body)
	}
	for _, want := range []string{`hreflang="kk" href="http://news1.edu.kz/kk/news/zhanalyq-1"`, `<link rel="canonical" href="http://news1.edu.kz/ru/news/novost-1">`,
		`<link rel="alternate" type="application/rss`, `<span class="tag">olympiad</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("news page lacks %s", want)
		}
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "googletagmanager") {
		t.Errorf("CSP without integrations: %q", csp)
	}
	if r2 := public("/ru/news/novost-1", "If-None-Match", r.Header.Get("ETag")); r2.Status != 304 {
		t.Errorf("If-None-Match: %d", r2.Status)
	}
	if r2 := public("/ru/news/novost-1", "If-Modified-Since", r.Header.Get("Last-Modified")); r2.Status != 304 {
		t.Errorf("If-Modified-Since: %d", r2.Status)
	}

	// Bad input names the field and writes nothing.
	if r := owner.do("POST", site+"/news", map[string]any{"key": "bad", "tags": []string{strings.Repeat("x", 41)},
		"text": map[string]any{"ru": map[string]any{"title": "x", "slug": "bad"}}}, "Accept-Language", "kk"); r.Status != 400 {
		t.Errorf("long tag: %d %s", r.Status, r.Body)
	} else if _, f, msg := r.Error(t); f != "tags" || !strings.Contains(msg, "тег") {
		t.Errorf("long tag error: %s %q", f, msg)
	}
	if r := owner.do("POST", site+"/news", map[string]any{"key": "dup", "text": map[string]any{"ru": map[string]any{"title": "x", "slug": "novost-1"}}}); r.Status != 409 {
		t.Errorf("duplicate slug: %d %s", r.Status, r.Body)
	}
	if r := owner.do("GET", site+"/news/bad", nil); r.Status != 404 {
		t.Errorf("refused news was stored: %d", r.Status)
	}

	// Twelve items: the list pages at ten.
	for i := 2; i <= 12; i++ {
		owner.do("POST", site+"/news/"+news(i, fmt.Sprintf("Новость %d", i))+"/publish", nil)
	}
	r = public("/ru/news")
	if r.Status != 200 || !strings.Contains(string(r.Body), `href="/ru/news?page=2"`) || strings.Count(string(r.Body), "<article>") != 10 {
		t.Errorf("news list page 1: %d, %d items", r.Status, strings.Count(string(r.Body), "<article>"))
	}
	if r := public("/ru/news?page=2"); r.Status != 200 || strings.Count(string(r.Body), "<article>") != 2 {
		t.Errorf("news list page 2: %d", r.Status)
	}
	if r := public("/ru/news?page=3"); r.Status != 404 {
		t.Errorf("news list page 3: %d", r.Status)
	}

	// Feeds are well-formed XML with the items.
	var rss struct {
		Channel struct {
			Items []struct {
				Title string `xml:"title"`
				Link  string `xml:"link"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	r = public("/ru/feed.rss")
	if err := xml.Unmarshal(r.Body, &rss); err != nil || r.Status != 200 || len(rss.Channel.Items) != 12 {
		t.Fatalf("rss: %d %v %d items", r.Status, err, len(rss.Channel.Items))
	}
	found := false
	for _, it := range rss.Channel.Items {
		found = found || (it.Title == xssTitle && it.Link == "http://news1.edu.kz/ru/news/novost-1")
	}
	if !found {
		t.Errorf("rss lacks the escaped item: %s", r.Body)
	}
	var atom struct {
		XMLName xml.Name
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	r = public("/kk/feed.atom")
	if err := xml.Unmarshal(r.Body, &atom); err != nil || atom.XMLName.Space != "http://www.w3.org/2005/Atom" || len(atom.Entries) != 12 {
		t.Errorf("atom: %v %v %d entries", err, atom.XMLName, len(atom.Entries))
	}

	// The sitemap lists pages and news with their alternates, and splits past its limit.
	type urlset struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	var sm urlset
	r = public("/sitemap.xml")
	if err := xml.Unmarshal(r.Body, &sm); err != nil || r.Status != 200 {
		t.Fatalf("sitemap: %d %v", r.Status, err)
	}
	want := 4*3 + 12*2 // four pages in three languages, twelve news items in two
	if len(sm.URLs) != want {
		t.Errorf("sitemap has %d URLs, want %d", len(sm.URLs), want)
	}
	for _, u := range sm.URLs {
		if u.Loc == "http://news1.edu.kz/ru/about" {
			langs := map[string]string{}
			for _, l := range u.Links {
				langs[l.Hreflang] = l.Href
			}
			if langs["kk"] != "http://news1.edu.kz/kk/about" || len(langs) != 3 {
				t.Errorf("about alternates: %v", langs)
			}
		}
	}
	s.App.Server.SitemapSize = 10
	s.App.Server.InvalidateSite(id)
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	r = public("/sitemap.xml")
	if err := xml.Unmarshal(r.Body, &idx); err != nil || len(idx.Sitemaps) != 4 {
		t.Errorf("sitemap index: %v %d parts: %s", err, len(idx.Sitemaps), r.Body)
	}
	sm = urlset{}
	if r := public("/sitemap-4.xml"); xml.Unmarshal(r.Body, &sm) != nil || len(sm.URLs) != want-30 {
		t.Errorf("last sitemap part: %d URLs", len(sm.URLs))
	}
	if r := public("/sitemap-5.xml"); r.Status != 404 {
		t.Errorf("sitemap part past the end: %d", r.Status)
	}

	// Settings: validated, shown in the theme, CSP allows exactly what is enabled.
	if r := owner.do("PATCH", site+"/settings", map[string]any{"accent": "red"}); r.Status != 400 {
		t.Errorf("bad colour: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "accent" {
		t.Errorf("bad colour names %q", f)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"integrations": map[string]any{"ga4": "<script>"}}); r.Status != 400 {
		t.Errorf("bad GA4 ID: %d", r.Status)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"integrations": map[string]any{"map": map[string]any{"provider": "yandex", "lat": 10, "lon": 10}}}); r.Status != 400 {
		t.Errorf("map outside Kazakhstan: %d", r.Status)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"names": map[string]string{"kk": " "}}); r.Status != 400 {
		t.Errorf("an empty name: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "names.kk" {
		t.Errorf("empty name names %q", f)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"languages": []string{"kk", "ru"}}); r.Status != 400 {
		t.Errorf("dropping English: %d", r.Status)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"languages": []string{"kk", "ru", "en", "uz"}}); r.Status != 400 {
		t.Errorf("a language without a name: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "names.uz" {
		t.Errorf("missing name names %q", f)
	}
	// Nothing is half-saved: a bad phone after good names and languages changes nothing.
	before, err := s.App.DB.FindSiteByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if r := owner.do("PATCH", site+"/settings", map[string]any{"languages": []string{"kk", "ru", "en", "uz"},
		"names": map[string]string{"kk": "Жаңа атау", "ru": "Новое имя", "en": "New name", "uz": "Yangi nom"},
		"phone": "call me"}); r.Status != 400 {
		t.Errorf("names with a bad phone: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "phone" {
		t.Errorf("bad phone names %q", f)
	}
	if after, err := s.App.DB.FindSiteByID(context.Background(), id); err != nil {
		t.Fatal(err)
	} else if !reflect.DeepEqual(after.Names, before.Names) || !slices.Equal(after.Languages, before.Languages) {
		t.Errorf("a refused update renamed the site: %v %v, was %v %v", after.Names, after.Languages, before.Names, before.Languages)
	}
	r = owner.do("PATCH", site+"/settings", map[string]any{"accent": "#1A7F37",
		"names": map[string]string{"kk": "№7 мектеп-лицей", "ru": "Школа-лицей №7", "en": "School-Lyceum No. 7"}, "motto": map[string]string{"ru": "Знание — сила"},
		"address": map[string]string{"ru": "г. Астана, ул. Мәңгілік Ел, 1"}, "phone": "+7 7172 00 00 00",
		"seo":          map[string]any{"google_verification": "abc123", "yandex_verification": "y-42", "disallow": []string{"/ru/private"}},
		"integrations": map[string]any{"ga4": "G-ABC1234", "map": map[string]any{"provider": "yandex", "lat": 51.128, "lon": 71.43}}})
	if r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	r = public("/ru/about")
	body = string(r.Body)
	for _, want := range []string{`<meta name="google-site-verification" content="abc123">`, `<meta name="yandex-verification" content="y-42">`,
		"Знание — сила", "Мәңгілік Ел", "Школа-лицей №7", "--accent:#1a7f37", `src="/_site/integrations.js`, "yandex.ru/map-widget/v1/?ll=71.430000%2C51.128000"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self' https://www.googletagmanager.com;") || !strings.Contains(csp, "https://yandex.ru") || strings.Contains(csp, "mc.yandex.ru") {
		t.Errorf("CSP with GA4 and a Yandex map: %q", csp)
	}
	if r := public("/_site/integrations.js"); r.Status != 200 || !strings.Contains(string(r.Body), `"G-ABC1234"`) {
		t.Errorf("integrations.js: %d %s", r.Status, r.Body)
	}
	if r := public("/robots.txt"); !strings.Contains(string(r.Body), "Disallow: /ru/private\n") || !strings.Contains(string(r.Body), "Sitemap: http://news1.edu.kz/sitemap.xml") {
		t.Errorf("robots.txt: %s", r.Body)
	}

	// The menu: pages, news items and URLs, nothing that runs script.
	if r := owner.do("PUT", site+"/menus/main", map[string]any{"items": []any{map[string]any{"url": "javascript:alert(1)", "label": map[string]string{"ru": "x"}}}}); r.Status != 400 {
		t.Errorf("javascript: menu link: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "items[0].url" {
		t.Errorf("bad menu link names %q", f)
	}
	if r := owner.do("PUT", site+"/menus/main", map[string]any{"items": []any{map[string]any{"page_key": "no-such-page"}}}); r.Status != 400 {
		t.Errorf("menu link to a missing page: %d", r.Status)
	}
	r = owner.do("PUT", site+"/menus/main", map[string]any{"items": []any{
		map[string]any{"page_key": "about", "children": []any{map[string]any{"news_key": "n2"}}},
		map[string]any{"url": "https://edu.gov.kz", "label": map[string]string{"ru": "Министерство", "kk": "Министрлік"}}}})
	if r.Status != 200 {
		t.Fatalf("menu: %d %s", r.Status, r.Body)
	}
	body = string(public("/ru/").Body)
	for _, want := range []string{`href="/ru/about"`, `href="/ru/news/novost-2">Новость 2</a>`, `href="https://edu.gov.kz">Министерство</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("menu lacks %s", want)
		}
	}

	// A fourth language: its URLs work at once, content falls back with a note.
	if r := owner.do("PATCH", site+"/settings", map[string]any{"languages": []string{"kk", "ru", "en", "uz"},
		"names": map[string]string{"uz": "7-maktab-litsey"}}); r.Status != 200 {
		t.Fatalf("adding Uzbek: %d %s", r.Status, r.Body)
	}
	if r := public("/uz/about"); r.Status != 200 || !strings.Contains(string(r.Body), "7-maktab-litsey") || !strings.Contains(string(r.Body), `hreflang="uz"`) {
		t.Errorf("/uz/about: %d", r.Status)
	}

	// A page without Russian text is shown in Kazakh under a Russian URL, with a note.
	owner.do("POST", site+"/pages", map[string]any{"key": "kk-only", "text": map[string]any{"kk": map[string]any{"title": "Тек қазақша", "slug": "tek-qazaqsha", "body": "Мәтін"}}})
	owner.do("POST", site+"/pages/kk-only/publish", nil)
	if r := public("/ru/tek-qazaqsha"); r.Status != 200 || !strings.Contains(string(r.Body), "Этого материала нет на вашем языке") ||
		!strings.Contains(string(r.Body), `<link rel="canonical" href="http://news1.edu.kz/kk/tek-qazaqsha">`) {
		t.Errorf("fallback: %d %s", r.Status, r.Body)
	}
}

// TestCommentsModerationAndRepublish: comments by verified users, sanitized, rate-limited
// and moderated; another school republishes a news item with attribution, follows its edits,
// and copies cannot be republished again.
func TestCommentsModerationAndRepublish(t *testing.T) {
	s := startStack(t, stackOptions{})
	idA, ownerA := ownedSite(t, s, "rep-a", "owner-password-1")
	idB, ownerB := ownedSite(t, s, "rep-b", "owner-password-2")
	idC, ownerC := ownedSite(t, s, "rep-c", "owner-password-3")
	siteA, siteB, siteC := "/api/v1/sites/"+id64(idA), "/api/v1/sites/"+id64(idB), "/api/v1/sites/"+id64(idC)
	r := ownerA.do("POST", siteA+"/news", map[string]any{"key": "sport", "text": map[string]any{
		"ru": map[string]any{"title": "Спартакиада", "slug": "spartakiada", "body": "Итоги спартакиады."}}})
	if r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	ownerA.do("POST", siteA+"/news/sport/publish", nil)

	_, reader := verifiedParent(t, s, "reader@example.kz", sitecore.Russian)
	post := func(body string) response {
		return s.do("POST", siteA+"/news/sport/comments", map[string]any{"body": body}, "Cookie", reader)
	}
	if r := post(`Молодцы! <script>alert(1)</script><a href="javascript:alert(2)">x</a>`); r.Status != 201 || field(t, r, "comment", "status") != "visible" {
		t.Fatalf("comment: %d %s", r.Status, r.Body)
	}
	page := s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-a.edu.kz")
	if !strings.Contains(string(page.Body), "Молодцы!") || strings.Contains(string(page.Body), "alert(") {
		t.Errorf("comment on the page: %s", page.Body)
	}
	if r := s.do("POST", siteA+"/news/sport/comments", map[string]any{"body": "аноним"}); r.Status != 401 {
		t.Errorf("anonymous comment: %d", r.Status)
	}
	if r := post("   "); r.Status != 400 {
		t.Errorf("empty comment: %d", r.Status)
	}
	for i := 2; i <= 5; i++ {
		post(fmt.Sprintf("Комментарий %d", i))
	}
	if r := post("шестой"); r.Status != 429 {
		t.Errorf("sixth comment in ten minutes: %d %s", r.Status, r.Body)
	}

	// Pre-moderation: a new comment waits until a moderator approves it.
	ownerA.do("PATCH", siteA+"/settings", map[string]any{"moderation": "pre"})
	_, reader2 := verifiedParent(t, s, "reader2@example.kz", sitecore.Kazakh)
	r = s.do("POST", siteA+"/news/sport/comments", map[string]any{"body": "Күтетін пікір"}, "Cookie", reader2)
	if r.Status != 201 || field(t, r, "comment", "status") != "pending" {
		t.Fatalf("pre-moderated comment: %d %s", r.Status, r.Body)
	}
	cid := int64(field(t, r, "comment", "id").(float64))
	// The same from the news page's form: back to the item with a note.
	form := s.do("POST", "/ru/news/spartakiada/comments", "body=Пікір+формадан", "Host", "rep-a.edu.kz", "Cookie", reader2,
		"Content-Type", "application/x-www-form-urlencoded")
	if form.Status != 303 || form.Header.Get("Location") != "/ru/news/spartakiada?pending=1#comments-h" {
		t.Errorf("comment form: %d %q %s", form.Status, form.Header.Get("Location"), form.Body)
	}
	if p := s.do("GET", "/ru/news/spartakiada?pending=1", nil, "Host", "rep-a.edu.kz"); !strings.Contains(string(p.Body), "Комментарий появится после проверки") {
		t.Errorf("no pending note after the form")
	}
	if anon := s.do("POST", "/ru/news/spartakiada/comments", "body=x", "Host", "rep-a.edu.kz", "Content-Type", "application/x-www-form-urlencoded"); anon.Status != 303 ||
		!strings.HasPrefix(anon.Header.Get("Location"), "/ru/login?next=") {
		t.Errorf("anonymous comment form: %d %q", anon.Status, anon.Header.Get("Location"))
	}
	if strings.Contains(string(s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-a.edu.kz").Body), "Күтетін пікір") {
		t.Error("a pending comment is public")
	}
	if r := s.do("POST", siteA+"/comments/"+id64(cid)+"/moderate", map[string]any{"action": "approve"}, "Cookie", reader2); r.Status != 404 && r.Status != 403 {
		t.Errorf("a reader moderates: %d", r.Status)
	}
	if r := ownerB.do("POST", siteA+"/comments/"+id64(cid)+"/moderate", map[string]any{"action": "approve"}); r.Status != 404 {
		t.Errorf("another school moderates: %d", r.Status)
	}
	if r := ownerA.do("POST", siteA+"/comments/"+id64(cid)+"/moderate", map[string]any{"action": "approve"}); r.Status != 200 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(string(s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-a.edu.kz").Body), "Күтетін пікір") {
		t.Error("an approved comment is not public")
	}

	// Republishing with attribution and a canonical link to the original.
	r = ownerB.do("GET", "/api/v1/news/feed?lang=ru", nil)
	items, _ := r.JSON(t)["items"].([]any)
	if r.Status != 200 || len(items) != 1 || items[0].(map[string]any)["key"] != "sport" {
		t.Fatalf("feed: %d %s", r.Status, r.Body)
	}
	r = ownerB.do("POST", siteB+"/news/republish", map[string]any{"source_site_id": idA, "source_key": "sport"})
	if r.Status != 201 {
		t.Fatalf("republish: %d %s", r.Status, r.Body)
	}
	copyKey := field(t, r, "news", "key").(string)
	page = s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-b.edu.kz")
	if page.Status != 200 || !strings.Contains(string(page.Body), `<link rel="canonical" href="http://rep-a.edu.kz/ru/news/spartakiada">`) ||
		!strings.Contains(string(page.Body), "Школа-гимназия №12") {
		t.Errorf("the copy: %d %s", page.Status, page.Body)
	}
	if r := ownerB.do("POST", siteB+"/news/republish", map[string]any{"source_site_id": idA, "source_key": "sport"}); r.Status != 409 {
		t.Errorf("republishing twice: %d", r.Status)
	}
	if r := ownerC.do("POST", siteC+"/news/republish", map[string]any{"source_site_id": idB, "source_key": copyKey}); r.Status != 400 {
		t.Errorf("republishing a copy: %d %s", r.Status, r.Body)
	}
	if r := ownerA.do("POST", siteA+"/news/republish", map[string]any{"source_site_id": idA, "source_key": "sport"}); r.Status != 400 {
		t.Errorf("republishing one's own: %d", r.Status)
	}
	if r := ownerB.do("PATCH", siteB+"/news/"+copyKey, map[string]any{"tags": []string{"x"}}); r.Status != 400 {
		t.Errorf("editing a copy: %d", r.Status)
	}
	// The source changes; the copy follows.
	ownerA.do("PATCH", siteA+"/news/sport", map[string]any{"text": map[string]any{"ru": map[string]any{"title": "Спартакиада 2026", "slug": "spartakiada", "body": "Новые итоги."}}})
	ownerA.do("POST", siteA+"/news/sport/publish", nil)
	if page := s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-b.edu.kz"); !strings.Contains(string(page.Body), "Новые итоги.") {
		t.Errorf("the copy did not follow the source: %s", page.Body)
	}
	ownerA.do("POST", siteA+"/news/sport/unpublish", nil)
	if page := s.do("GET", "/ru/news/spartakiada", nil, "Host", "rep-b.edu.kz"); page.Status != 404 {
		t.Errorf("the copy of an unpublished source: %d", page.Status)
	}
}

// TestThemeOverridesAreForOperators: a site's footer and stylesheet are replaced by an
// operator; the school's own admin cannot, and a broken template is refused when saved.
func TestThemeOverridesAreForOperators(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "theme1", "owner-password-1")
	site := "/api/v1/sites/" + id64(id)
	footer := `<footer class="custom">CUSTOM-FOOTER {{.SiteName}}</footer></body></html>`
	if r := owner.do("PUT", site+"/theme/footer", map[string]any{"body": footer}); r.Status != 403 {
		t.Errorf("owner edits the template: %d", r.Status)
	}
	if r := s.operator("PUT", site+"/theme/footer", map[string]any{"body": "{{.Nope"}); r.Status != 400 {
		t.Errorf("broken template: %d %s", r.Status, r.Body)
	}
	if r := s.operator("PUT", site+"/theme/footer", map[string]any{"body": footer}); r.Status != 200 {
		t.Fatalf("operator edits the template: %d %s", r.Status, r.Body)
	}
	if r := s.operator("PUT", site+"/theme/theme.css", map[string]any{"body": "body{background:#fafafa}"}); r.Status != 200 {
		t.Fatalf("css: %d %s", r.Status, r.Body)
	}
	page := s.do("GET", "/ru/about", nil, "Host", "theme1.edu.kz")
	if !strings.Contains(string(page.Body), "CUSTOM-FOOTER Школа-гимназия №12") || !strings.Contains(string(page.Body), `href="/_site/theme.css?v=`) {
		t.Errorf("override not rendered: %s", page.Body)
	}
	if r := s.do("GET", "/_site/theme.css", nil, "Host", "theme1.edu.kz"); r.Status != 200 || r.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("theme.css: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
}
