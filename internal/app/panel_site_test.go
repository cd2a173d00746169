package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
)

// panelClient sends the panel's requests of one user to a school's host, as a browser
// on the same origin does.
type panelClient struct {
	t      *testing.T
	s      *stack
	host   string
	cookie string
}

func (c panelClient) get(path string) response {
	c.t.Helper()
	return c.s.do("GET", path, nil, "Host", c.host, "Cookie", c.cookie, "Sec-Fetch-Site", "same-origin")
}

func (c panelClient) post(path string, form url.Values, headers ...string) response {
	c.t.Helper()
	h := append([]string{"Host", c.host, "Cookie", c.cookie, "Sec-Fetch-Site", "same-origin", "Content-Type", "application/x-www-form-urlencoded"}, headers...)
	return c.s.do("POST", path, form.Encode(), h...)
}

// upload posts a multipart form: the text fields first, then the files, as browsers do.
func (c panelClient) upload(path string, fields url.Values, files map[string][]byte, headers ...string) response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("file", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	h := append([]string{"Host", c.host, "Cookie", c.cookie, "Sec-Fetch-Site", "same-origin", "Content-Type", mw.FormDataContentType()}, headers...)
	return c.s.do("POST", path, b.Bytes(), h...)
}

func has(body []byte, s string) bool { return bytes.Contains(body, []byte(s)) }

// The site sections of the control panel over HTTP on the real stack: every page and form
// of settings, media, galleries, comments and statistics; refused fields next to the field
// in the page's language; 403 for a member without the delegation; another school's media
// and comments never shown or changed.
func TestPanelSiteSections(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-psite")
	b := provisionTenant(t, s, "school-psite-b")
	ctx := context.Background()
	owner := panelClient{t, s, a.host, session(t, s, a.users["owner"].ID)}
	teacher := panelClient{t, s, a.host, session(t, s, a.users["teacher"].ID)}

	// Every page for the owner; 403 for a teacher without a delegation.
	pages := map[string]string{"/ru/panel/settings": `id="csp"`, "/ru/panel/media": `id="upload"`,
		"/ru/panel/galleries": `id="album-create"`, "/ru/panel/comments": `id="tabs"`, "/ru/panel/stats": `id="period"`}
	for path, marker := range pages {
		if r := owner.get(path); r.Status != 200 || !has(r.Body, marker) {
			t.Errorf("owner %s: %d %s", path, r.Status, r.Body)
		}
		if r := teacher.get(path); r.Status != 403 {
			t.Errorf("teacher %s: %d", path, r.Status)
		}
		if r := teacher.post(path, url.Values{"op": {"delete"}}); r.Status != 403 && path != "/ru/panel/stats" {
			t.Errorf("teacher POST %s: %d", path, r.Status)
		}
	}

	// Settings: a wrong analytics ID is shown next to its field in Russian; good ones are
	// saved and the policy the public pages get is shown and sent.
	bad := owner.post("/ru/panel/settings", url.Values{"op": {"integrations"}, "integrations.ga4": {"UA-1234"}})
	if bad.Status != 400 || !regexp.MustCompile(`id="integrations-ga4-error">[^<]*UA-1234`).Match(bad.Body) ||
		!has(bad.Body, `value="UA-1234"`) {
		t.Errorf("bad GA4: %d %s", bad.Status, bad.Body)
	}
	// A decimal comma is read, an empty zoom takes the service's default.
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"integrations"}, "integrations.map.provider": {"yandex"},
		"integrations.map.lat": {"43,238"}, "integrations.map.lon": {"76.945"}}); r.Status != 303 {
		t.Errorf("map without zoom: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"integrations"}, "integrations.map.provider": {"yandex"},
		"integrations.map.lat": {"12"}, "integrations.map.lon": {"76.945"}}); r.Status != 400 || !has(r.Body, `id="integrations-map-lat-error"`) {
		t.Errorf("a map outside Kazakhstan: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"integrations"}, "integrations.ga4": {"G-ABC1234"},
		"integrations.map.provider": {"yandex"}, "integrations.map.lat": {"43.238"}, "integrations.map.lon": {"76.945"},
		"integrations.map.zoom": {"15"}, "integrations.weather.city": {"almaty"}}); r.Status != 303 {
		t.Fatalf("integrations: %d %s", r.Status, r.Body)
	}
	st := owner.get("/ru/panel/settings?done=saved")
	if !regexp.MustCompile(`id="csp"[^>]*>[^<]*script-src &#39;self&#39; https://www.googletagmanager.com;[^<]*frame-src[^;]*https://yandex.ru`).Match(st.Body) ||
		!has(st.Body, `<option value="almaty" selected>Алматы</option>`) || !has(st.Body, `id="notice"`) {
		t.Errorf("settings after saving: %s", st.Body)
	}
	if home := s.do("GET", "/ru/", nil, "Host", a.host); !strings.Contains(home.Header.Get("Content-Security-Policy"), "https://www.googletagmanager.com") {
		t.Errorf("public CSP after saving: %q", home.Header.Get("Content-Security-Policy"))
	}
	if r := owner.post("/kk/panel/settings", url.Values{"op": {"seo"}, "seo.google_verification": {"<meta>"}}); r.Status != 400 ||
		!has(r.Body, `id="seo-google_verification-error"`) {
		t.Errorf("bad verification code: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"seo"}, "seo.google_verification": {"abc_DEF-123"},
		"seo.disallow": {"/draft/\n/old/"}}); r.Status != 303 {
		t.Errorf("seo: %d %s", r.Status, r.Body)
	}
	if robots := s.do("GET", "/robots.txt", nil, "Host", a.host); !has(robots.Body, "Disallow: /draft/") {
		t.Errorf("robots.txt after the SEO form: %s", robots.Body)
	}
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"identity"}, "names.kk": {"Жаңа мектеп"}, "names.ru": {""},
		"names.en": {"New school"}, "moderation": {"pre"}}); r.Status != 400 || !has(r.Body, `id="names-ru-error"`) {
		t.Errorf("identity without the Russian name: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/settings", url.Values{"op": {"identity"}, "names.kk": {"Жаңа мектеп"}, "names.ru": {"Новая школа"},
		"names.en": {"New school"}, "phone": {"+7 7172 00 00 00"}, "moderation": {"pre"}}); r.Status != 303 {
		t.Fatalf("identity: %d %s", r.Status, r.Body)
	}
	if r := owner.get("/ru/panel/settings"); !has(r.Body, `class="pc-site" href="/ru/panel/">Новая школа</a>`) {
		t.Errorf("the new name in the panel: %s", r.Body)
	}
	// An admin with seo:edit but not the owner's rights: the teacher gets seo:edit.
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site), map[string]any{"user_id": a.users["teacher"].ID,
		"section": "seo", "action": "edit"}, "Cookie", owner.cookie); r.Status != 201 {
		t.Fatalf("delegate seo: %d %s", r.Status, r.Body)
	}
	if r := teacher.get("/en/panel/settings"); r.Status != 200 || !regexp.MustCompile(`id="identity-form"><input[^>]*>\s*<fieldset disabled>`).Match(r.Body) {
		t.Errorf("teacher with seo:edit sees identity enabled: %d %s", r.Status, r.Body)
	}
	if r := teacher.post("/en/panel/settings", url.Values{"op": {"identity"}, "names.kk": {"X"}, "names.ru": {"X"}, "names.en": {"X"}}); r.Status != 403 {
		t.Errorf("teacher changes the names: %d", r.Status)
	}
	// The logo: an image uploaded through the form becomes the site's logo.
	if r := owner.upload("/ru/panel/settings?op=logo", nil, map[string][]byte{"logo.png": smallPNG(t)}); r.Status != 303 {
		t.Fatalf("logo: %d %s", r.Status, r.Body)
	}
	if r := owner.upload("/ru/panel/settings?op=logo", nil, map[string][]byte{"logo.txt": []byte("not an image at all")}); r.Status != 400 ||
		!has(r.Body, `id="logo-file-error"`) {
		t.Errorf("a text file as the logo: %d %s", r.Status, r.Body)
	}
	if r := owner.get("/ru/panel/settings"); !has(r.Body, `id="logo-img"`) {
		t.Errorf("no logo shown: %s", r.Body)
	}

	// Media: several files in one form, JSON for the script's progress bars, alt text, a
	// refused file named with its reason, deletion, the quota's warning.
	if r := owner.upload("/ru/panel/media", nil, map[string][]byte{"one.png": smallPNG(t), "two.png": noisePNG(t, 40, 40)}); r.Status != 303 {
		t.Fatalf("upload two: %d %s", r.Status, r.Body)
	}
	js := owner.upload("/ru/panel/media", nil, map[string][]byte{"three.png": smallPNG(t)}, "Accept", "application/json")
	if js.Status != 201 || !has(js.Body, `"stored":1`) {
		t.Errorf("upload for the progress bar: %d %s", js.Status, js.Body)
	}
	mixed := owner.upload("/ru/panel/media", nil, map[string][]byte{"four.png": smallPNG(t), "evil.html": []byte("<html><script>alert(1)</script>")})
	if mixed.Status != 400 || !regexp.MustCompile(`id="upload-failed"><li>evil\.html: [^<]+</li>`).Match(mixed.Body) {
		t.Errorf("a refused file among good ones: %d %s", mixed.Status, mixed.Body)
	}
	page, err := s.App.Media.List(ctx, &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}, a.site, sitecore.MediaFilter{Kind: sitecore.MediaImage})
	if err != nil || page.Total != 5 { // the logo and four images
		t.Fatalf("library: %v %+v", err, page)
	}
	lib := owner.get("/ru/panel/media")
	for _, m := range page.Items {
		if !has(lib.Body, `id="m-`+m.ID+`"`) || (m.ThumbURL != "" && !has(lib.Body, `src="`+m.ThumbURL+`"`)) {
			t.Errorf("media %s (%s) not listed with its thumbnail", m.ID, m.Name)
		}
	}
	one := page.Items[0].ID
	if r := owner.post("/ru/panel/media", url.Values{"op": {"alt"}, "id": {one}, "alt." + one + ".ru": {strings.Repeat("я", 301)}}); r.Status != 400 ||
		!has(r.Body, `id="alt-`+one+`-ru-error"`) {
		t.Errorf("too long alt: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/media", url.Values{"op": {"alt"}, "id": {one}, "alt." + one + ".ru": {"Праздник Наурыз"}, "alt." + one + ".kk": {"Наурыз мерекесі"}}); r.Status != 303 {
		t.Fatalf("alt: %d %s", r.Status, r.Body)
	}
	if got, _ := s.App.Media.Find(ctx, a.site, one); got == nil || got.Alt["ru"] != "Праздник Наурыз" || got.Alt["kk"] != "Наурыз мерекесі" {
		t.Errorf("alt stored: %+v", got)
	}
	if r := owner.get("/ru/panel/media"); !has(r.Body, `alt="Праздник Наурыз"`) {
		t.Errorf("alt on the thumbnail: %s", r.Body)
	}
	// The same through the JSON API: PATCH /sites/{id}/media/{mediaID}.
	apiMedia := fmt.Sprintf("/api/v1/sites/%d/media/%s", a.site, one)
	if r := s.do("PATCH", apiMedia, map[string]any{"alt": map[string]string{"en": "Nauryz holiday"}}, "Cookie", owner.cookie); r.Status != 200 ||
		!has(r.Body, `"alt":{"en":"Nauryz holiday"}`) {
		t.Errorf("API alt: %d %s", r.Status, r.Body)
	}
	if r := s.do("PATCH", apiMedia, map[string]any{"alt": map[string]string{"xx": "?"}}, "Cookie", owner.cookie); r.Status != 400 {
		t.Errorf("API alt in an unknown language: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "alt.xx" {
		t.Errorf("API alt field %q", field)
	}
	if r := s.do("PATCH", apiMedia, map[string]any{"alt": map[string]string{"ru": "x"}}, "Cookie", teacher.cookie); r.Status != 403 {
		t.Errorf("teacher's API alt: %d", r.Status)
	}
	// Another school's file: never listed, never deleted from here.
	other, err := s.App.Media.Upload(ctx, &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}, sitecore.Actor{}, b.site,
		media.Upload{Name: "other-school.png", Length: -1, Body: bytes.NewReader(smallPNG(t))})
	if err != nil {
		t.Fatal(err)
	}
	if r := owner.get("/ru/panel/media"); has(r.Body, other.ID) || has(r.Body, "other-school") {
		t.Errorf("another school's file listed")
	}
	if r := owner.post("/ru/panel/media", url.Values{"op": {"delete"}, "id": {other.ID}}); r.Status != 404 {
		t.Errorf("deleting another school's file: %d", r.Status)
	}
	if got, err := s.App.Media.Find(ctx, b.site, other.ID); err != nil || got == nil {
		t.Errorf("another school's file is gone: %v", err)
	}
	if r := owner.post("/ru/panel/media", url.Values{"op": {"delete"}, "id": {one}}); r.Status != 303 {
		t.Errorf("delete: %d %s", r.Status, r.Body)
	}
	if _, err := s.App.Media.Find(ctx, a.site, one); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("deleted file still there: %v", err)
	}
	q, _ := s.App.Quotas.Get(ctx, &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}, a.site)
	if r := s.operator("PUT", fmt.Sprintf("/api/v1/sites/%d/quota", a.site), map[string]any{"limit_bytes": q.UsedBytes * 100 / 75}); r.Status != 200 {
		t.Fatalf("quota: %d %s", r.Status, r.Body)
	}
	if r := owner.get("/ru/panel/media"); !has(r.Body, `id="quota-warn"`) || has(r.Body, `id="quota-alert"`) {
		t.Errorf("quota at 75 %%: %s", r.Body)
	}
	if r := s.operator("PUT", fmt.Sprintf("/api/v1/sites/%d/quota", a.site), map[string]any{"limit_bytes": 1 << 30}); r.Status != 200 {
		t.Fatalf("quota back: %d %s", r.Status, r.Body)
	}

	// Galleries: a refused slug, an album, three photos uploaded into it, moved, captioned,
	// a YouTube video, published.
	if r := owner.post("/ru/panel/galleries", url.Values{"slug": {"Наурыз!"}, "title.ru": {"Наурыз"}}); r.Status != 400 || !has(r.Body, `id="slug-error"`) {
		t.Errorf("bad slug: %d %s", r.Status, r.Body)
	}
	cr := owner.post("/ru/panel/galleries", url.Values{"slug": {"nauryz"}, "title.ru": {"Наурыз"}, "title.kk": {"Наурыз мерекесі"}})
	if cr.Status != 303 {
		t.Fatalf("create album: %d %s", cr.Status, cr.Body)
	}
	album := strings.Split(cr.Header.Get("Location"), "?")[0]
	albumID := formIDOf(t, album)
	for _, n := range []string{"a.png", "b.png", "c.png"} {
		if r := owner.upload(album, url.Values{"caption.ru": {"Фото " + n}}, map[string][]byte{n: smallPNG(t)}, "Accept", "application/json"); r.Status != 201 {
			t.Fatalf("photo into the album: %d %s", r.Status, r.Body)
		}
	}
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	al, err := s.App.Galleries.Get(ctx, op, a.site, albumID)
	if err != nil || len(al.Items) != 3 || al.Items[0].Caption["ru"] != "Фото a.png" {
		t.Fatalf("album items: %v %+v", err, al)
	}
	ids := []int64{al.Items[0].ID, al.Items[1].ID, al.Items[2].ID}
	if r := owner.post(album, url.Values{"op": {"items"}, "move": {itoa(ids[0]) + ":down"}}); r.Status != 303 {
		t.Fatalf("move down: %d %s", r.Status, r.Body)
	}
	if r := owner.post(album, url.Values{"op": {"order"}, "order": {itoa(ids[2]) + "," + itoa(ids[1]) + "," + itoa(ids[0])}}, "Accept", "application/json"); r.Status != 200 {
		t.Fatalf("order: %d %s", r.Status, r.Body)
	}
	key := "caption." + itoa(ids[1])
	if r := owner.post(album, url.Values{"op": {"items"}, key + ".ru": {strings.Repeat("ж", 501)}}); r.Status != 400 ||
		!has(r.Body, `id="caption-`+itoa(ids[1])+`-ru-error"`) {
		t.Errorf("too long caption: %d %s", r.Status, r.Body)
	}
	if r := owner.post(album, url.Values{"op": {"items"}, key + ".ru": {"Жаңа жазу"}, key + ".en": {"New caption"}}); r.Status != 303 {
		t.Fatalf("caption: %d %s", r.Status, r.Body)
	}
	if r := owner.post(album, url.Values{"op": {"embed"}, "video_url": {"javascript:alert(1)"}}); r.Status != 400 || !has(r.Body, `id="video_url-error"`) {
		t.Errorf("bad video link: %d %s", r.Status, r.Body)
	}
	if r := owner.post(album, url.Values{"op": {"embed"}, "video_url": {"https://youtu.be/dQw4w9WgXcQ"}, "embed_caption.ru": {"Концерт"}}); r.Status != 303 {
		t.Fatalf("embed: %d %s", r.Status, r.Body)
	}
	if r := owner.post(album, url.Values{"op": {"publish"}}); r.Status != 303 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	al, _ = s.App.Galleries.Get(ctx, op, a.site, albumID)
	if len(al.Items) != 4 || al.Items[0].ID != ids[2] || al.Items[1].ID != ids[1] || al.Items[2].ID != ids[0] ||
		al.Items[1].Caption["en"] != "New caption" || al.Items[3].VideoID != "dQw4w9WgXcQ" || !al.Published {
		t.Errorf("album after the forms: %+v", al)
	}
	if r := owner.get(album); r.Status != 200 || !has(r.Body, `data-gallery-order="`+album+`"`) || !has(r.Body, `id="up-`+itoa(ids[1])+`"`) ||
		has(r.Body, `id="up-`+itoa(ids[2])+`"`) {
		t.Errorf("album page: %d %s", r.Status, r.Body)
	}
	// A teacher with galleries:edit only: the published album is read-only to them (changing
	// it needs publish) and there is no upload form (uploads need media:edit).
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site), map[string]any{"user_id": a.users["teacher"].ID,
		"section": "galleries", "action": "edit"}, "Cookie", owner.cookie); r.Status != 201 {
		t.Fatalf("delegate galleries: %d %s", r.Status, r.Body)
	}
	if r := teacher.get(album); r.Status != 200 || has(r.Body, `id="upload"`) || has(r.Body, `id="embed-form"`) ||
		!has(r.Body, `<fieldset class="sf-plain" disabled>`) || has(r.Body, `id="up-`) {
		t.Errorf("teacher's view of a published album: %d %s", r.Status, r.Body)
	}
	if r := teacher.post(album, url.Values{"op": {"order"}, "order": {itoa(ids[0]) + "," + itoa(ids[1]) + "," + itoa(ids[2])}}); r.Status != 403 {
		t.Errorf("teacher reorders a published album: %d", r.Status)
	}
	if r := owner.get(fmt.Sprintf("/ru/panel/galleries/%d", mustAlbum(t, s, b.site))); r.Status != 404 {
		t.Errorf("another school's album: %d", r.Status)
	}

	// Comments: the queue shows this school's pending comments only; approve one, hide two
	// at once; another school's comment in the form is refused and left alone.
	var mine []int64
	for i := range 3 {
		c := &sitecore.Comment{SiteID: a.site, NewsKey: "n1", UserID: a.users["parent"].ID, AuthorName: fmt.Sprintf("Ата-ана %d", i),
			Body: fmt.Sprintf("<p>Пікір %d</p>", i), Status: sitecore.CommentPending}
		if err := s.App.DB.AddComment(ctx, c, 100, time.Hour); err != nil {
			t.Fatal(err)
		}
		mine = append(mine, c.ID)
	}
	theirs := &sitecore.Comment{SiteID: b.site, NewsKey: "n1", UserID: b.users["parent"].ID, AuthorName: "SECRET-B", Body: "<p>SECRET-B</p>", Status: sitecore.CommentPending}
	if err := s.App.DB.AddComment(ctx, theirs, 100, time.Hour); err != nil {
		t.Fatal(err)
	}
	queue := owner.get("/ru/panel/comments")
	if !has(queue.Body, "Пікір 2") || has(queue.Body, "SECRET-B") {
		t.Errorf("queue: %s", queue.Body)
	}
	if r := owner.post("/ru/panel/comments?status=pending", url.Values{"one": {itoa(mine[0]) + ":approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/comments?status=pending", url.Values{"action": {"hide"}}); r.Status != 400 || !has(r.Body, `id="id-error"`) {
		t.Errorf("bulk without a choice: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/comments?status=pending", url.Values{"action": {"hide"}, "id": {itoa(mine[1]), itoa(mine[2])}}); r.Status != 303 {
		t.Fatalf("bulk hide: %d %s", r.Status, r.Body)
	}
	if r := owner.post("/ru/panel/comments?status=pending", url.Values{"action": {"approve"}, "id": {itoa(theirs.ID)}}); r.Status != 409 {
		t.Errorf("another school's comment: %d %s", r.Status, r.Body)
	}
	for id, want := range map[int64]string{mine[0]: sitecore.CommentVisible, mine[1]: sitecore.CommentHidden, mine[2]: sitecore.CommentHidden} {
		if c, _ := s.App.DB.FindComment(ctx, a.site, id); c == nil || c.Status != want {
			t.Errorf("comment %d: %+v, want %s", id, c, want)
		}
	}
	if c, _ := s.App.DB.FindComment(ctx, b.site, theirs.ID); c == nil || c.Status != sitecore.CommentPending {
		t.Errorf("another school's comment changed: %+v", c)
	}
	if r := owner.get("/ru/panel/comments?status=hidden"); !has(r.Body, "Пікір 1") || !has(r.Body, `id="approve-`+itoa(mine[1])+`"`) || has(r.Body, "Пікір 0") {
		t.Errorf("hidden tab: %s", r.Body)
	}

	// Statistics: views of two days drawn as bars, pages and languages; a wrong date named;
	// the workbook has the same numbers; the other school's views are not counted.
	day := sitecore.AlmatyDay(time.Now())
	views := []sitecore.PageViews{
		{SiteID: a.site, Day: day.AddDate(0, 0, -1), Path: "/ru/", Lang: "ru", Views: 40},
		{SiteID: a.site, Day: day, Path: "/kk/", Lang: "kk", Views: 25},
		{SiteID: a.site, Day: day, Path: "/ru/about", Lang: "ru", Views: 5},
		{SiteID: b.site, Day: day, Path: "/ru/SECRET-B", Lang: "ru", Views: 900},
	}
	if err := s.App.DB.AddStats(ctx, views, nil); err != nil {
		t.Fatal(err)
	}
	from, to := day.AddDate(0, 0, -6).Format(time.DateOnly), day.Format(time.DateOnly)
	sp := owner.get("/en/panel/stats?from=" + from + "&to=" + to)
	if sp.Status != 200 || !has(sp.Body, `id="total-views">70<`) || len(regexp.MustCompile(`<rect [^>]*class="sf-bar"><title>`).FindAll(sp.Body, -1)) != 7 ||
		!has(sp.Body, `id="chart-pages"`) || !has(sp.Body, `id="chart-langs"`) || has(sp.Body, "SECRET-B") {
		t.Errorf("stats page: %d %s", sp.Status, sp.Body)
	}
	if r := owner.get("/en/panel/stats?from=2026-13-01"); r.Status != 400 || !has(r.Body, `id="from-error"`) {
		t.Errorf("bad date: %d %s", r.Status, r.Body)
	}
	x := owner.get("/ru/panel/stats/export.xlsx?from=" + from + "&to=" + to)
	book, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatalf("stats workbook: %v (%d %s)", err, x.Status, x.Body)
	}
	if sheets := book.GetSheetList(); strings.Join(sheets, ",") != "По дням,Страницы,Языки" {
		t.Errorf("sheets %v", sheets)
	}
	rows, _ := book.GetRows("Страницы")
	if len(rows) != 4 || rows[1][0] != "/ru/" || rows[1][1] != "40" || rows[3][0] != "/ru/about" {
		t.Errorf("pages sheet: %v", rows)
	}
	if r := teacher.get("/ru/panel/stats/export.xlsx"); r.Status != 403 {
		t.Errorf("teacher's export: %d", r.Status)
	}
}

// formIDOf is the number at the end of a panel path.
func formIDOf(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("no ID in %q", path)
	}
	return id
}

// mustAlbum stores an album of a site and returns its ID.
func mustAlbum(t *testing.T, s *stack, siteID int64) int64 {
	t.Helper()
	slug := "secret-b"
	al, err := s.App.Galleries.Create(context.Background(), &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}, sitecore.Actor{}, siteID,
		media.AlbumInput{Slug: &slug, Title: map[string]string{"ru": "SECRET-B"}})
	if err != nil {
		t.Fatal(err)
	}
	return al.ID
}
