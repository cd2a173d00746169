package app_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// TestGalleries: a delegate with galleries:edit prepares an album that only someone with
// publish rights puts online; captions and titles are shown inert; video links are
// validated and embedded only through the canonical player URL; unpublished albums are not
// found; changes reach the public pages at once.
func TestGalleries(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "gallery-a")
	b := provisionTenant(t, s, "gallery-b")
	owner := session(t, s, a.users["owner"].ID)
	base := fmt.Sprintf("/api/v1/sites/%d", a.site)
	host := []string{"Host", a.host}

	photo := get(t, uploadRaw(s, base+"/media", "p.png", noisePNG(t, 800, 600), "Cookie", owner), "media")
	video := get(t, uploadRaw(s, base+"/media", "v.mp4", mp4Of(50_000), "Cookie", owner), "media")
	pdf := get(t, uploadRaw(s, base+"/media", "d.pdf", pdfOf(5000), "Cookie", owner), "media")

	// The teacher gets galleries:edit, the student nothing.
	r := s.do("POST", base+"/delegations", fmt.Sprintf(`{"user_id":%d,"section":"galleries","action":"edit"}`, a.users["teacher"].ID), "Cookie", owner)
	mustStatus(t, r, 201, "delegation")
	editor := session(t, s, a.users["teacher"].ID)
	student := session(t, s, a.users["student"].ID)
	bOwner := session(t, s, b.users["owner"].ID)

	const xssTitle = `<script>alert("t")</script>Поход`
	const xssCaption = `"><img src=x onerror=alert(1)>`
	r = s.do("POST", base+"/galleries", map[string]any{"slug": "trip",
		"title":       map[string]string{"ru": xssTitle, "kk": "Саяхат"},
		"description": map[string]string{"ru": `<iframe src="javascript:alert(2)"></iframe>Описание`}}, "Cookie", editor)
	mustStatus(t, r, 201, "editor creates an album")
	album := int64(get(t, r, "album")["id"].(float64))
	ab := fmt.Sprintf("%s/galleries/%d", base, album)
	for _, c := range []struct {
		who, cookie string
		want        int
	}{{"student", student, 403}, {"B's owner", bOwner, 404}, {"anonymous", "", 401}} {
		headers := []string{}
		if c.cookie != "" {
			headers = []string{"Cookie", c.cookie}
		}
		if r := s.do("POST", base+"/galleries", `{"slug":"x","title":{"ru":"x"}}`, headers...); r.Status != c.want && !(c.want == 401 && r.Status == 404) {
			t.Errorf("%s creates an album: %d, want %d", c.who, r.Status, c.want)
		}
		if r := s.do("GET", ab, nil, headers...); r.Status == 200 {
			t.Errorf("%s reads the album: %d", c.who, r.Status)
		}
	}
	if r := s.do("POST", base+"/galleries", `{"slug":"trip","title":{"ru":"again"}}`, "Cookie", editor); r.Status != 409 {
		t.Errorf("duplicate slug: %d", r.Status)
	}
	if r := s.do("POST", base+"/galleries", `{"slug":"Bad Slug","title":{"ru":"x"}}`, "Cookie", editor); r.Status != 400 {
		t.Errorf("bad slug: %d", r.Status)
	}
	if r := s.do("POST", base+"/galleries", `{"slug":"de","title":{"de":"x"}}`, "Cookie", editor); r.Status != 400 {
		t.Errorf("language the site lacks: %d", r.Status)
	}

	add := func(cookie string, body map[string]any) response {
		return s.do("POST", ab+"/items", body, "Cookie", cookie)
	}
	mustStatus(t, add(editor, map[string]any{"media_id": photo["id"], "caption": map[string]string{"ru": xssCaption}}), 201, "photo")
	mustStatus(t, add(editor, map[string]any{"media_id": video["id"]}), 201, "video")
	yt := add(editor, map[string]any{"video_url": "https://youtu.be/dQw4w9WgXcQ?t=42", "caption": map[string]string{"ru": "Концерт"}})
	mustStatus(t, yt, 201, "youtube")
	if u := get(t, yt, "item")["embed_url"]; u != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" {
		t.Errorf("youtube embed %v", u)
	}
	vm := add(editor, map[string]any{"video_url": "https://vimeo.com/76979871"})
	mustStatus(t, vm, 201, "vimeo")
	if u := get(t, vm, "item")["embed_url"]; u != "https://player.vimeo.com/video/76979871" {
		t.Errorf("vimeo embed %v", u)
	}
	for _, bad := range []string{
		"javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"><script>",
		"https://www.youtube.com/watch?v=short",
		"data:text/html,<script>alert(1)</script>",
		"//www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://vimeo.com/channels/staff/../../evil",
	} {
		r := add(editor, map[string]any{"video_url": bad})
		if _, f, _ := r.Error(t); r.Status != 400 || f != "video_url" {
			t.Errorf("video_url %q: %d field %q", bad, r.Status, f)
		}
	}
	if r := add(editor, map[string]any{"media_id": photo["id"], "video_url": "https://youtu.be/dQw4w9WgXcQ"}); r.Status != 400 {
		t.Errorf("both sources: %d", r.Status)
	}
	if r := add(editor, map[string]any{"media_id": pdf["id"]}); r.Status != 400 {
		t.Errorf("a document as a photo: %d", r.Status)
	}
	bPhoto := get(t, uploadRaw(s, fmt.Sprintf("/api/v1/sites/%d/media", b.site), "b.png", smallPNG(t), "Cookie", bOwner), "media")
	if r := add(editor, map[string]any{"media_id": bPhoto["id"]}); r.Status != 404 {
		t.Errorf("B's photo in A's album: %d", r.Status)
	}

	// Not published yet: not on the site; the editor cannot publish.
	if r := s.do("GET", "/ru/gallery/trip", nil, host...); r.Status != 404 {
		t.Errorf("unpublished album: %d", r.Status)
	}
	if r := s.do("POST", ab+"/publish", nil, "Cookie", editor); r.Status != 403 {
		t.Errorf("editor publishes: %d", r.Status)
	}
	if strings.Contains(string(s.do("GET", "/ru/gallery", nil, host...).Body), "trip") {
		t.Error("the gallery lists an unpublished album")
	}
	searchHits := func(q string) []string { // the site's search, as the API gives it
		t.Helper()
		var res sitecore.SearchResults
		r := s.do("GET", fmt.Sprintf("/api/v1/search?lang=ru&site=%d&q=%s", a.site, url.QueryEscape(q)), nil)
		if err := json.Unmarshal(r.Body, &res); err != nil || r.Status != 200 {
			t.Fatalf("search %q: %d %s", q, r.Status, r.Body)
		}
		var urls []string
		for _, h := range res.Hits {
			urls = append(urls, h.URL)
		}
		return urls
	}
	if hits := searchHits("Концерт"); len(hits) != 0 {
		t.Errorf("an unpublished album's caption is searchable: %v", hits)
	}
	mustStatus(t, s.do("POST", ab+"/publish", nil, "Cookie", owner), 200, "owner publishes")
	// Published: title, description and captions are searchable, in the album's languages.
	wantHit := []string{"http://" + a.host + "/ru/gallery/trip"}
	for _, q := range []string{"Концерт", "Описание", "поход"} {
		if hits := searchHits(q); !slices.Equal(hits, wantHit) {
			t.Errorf("search %q: %v, want %v", q, hits, wantHit)
		}
	}

	// Public pages: the list and the album, with escaped texts and canonical embeds only.
	list := s.do("GET", "/ru/gallery", nil, host...)
	if list.Status != 200 || !strings.Contains(string(list.Body), `href="/ru/gallery/trip"`) ||
		!strings.Contains(string(list.Body), photo["thumb_url"].(string)) {
		t.Errorf("gallery list: %d %s", list.Status, list.Body)
	}
	page := s.do("GET", "/ru/gallery/trip", nil, host...)
	body := string(page.Body)
	if page.Status != 200 {
		t.Fatalf("album page: %d", page.Status)
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;Поход", // the title, escaped
		`&#34;&gt;&lt;img src=x onerror=alert(1)&gt;`,          // the caption, escaped
		`src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`,
		`src="https://player.vimeo.com/video/76979871"`,
		`<a href="` + photo["url"].(string) + `"><img src="` + photo["thumb_url"].(string) + `"`,
		`<video controls preload="metadata" src="` + video["url"].(string) + `"`,
		`hreflang="kk" href="http://` + a.host, // the chrome's language switcher
	} {
		if !strings.Contains(body, want) {
			t.Errorf("album page lacks %s", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "youtu.be", `<iframe src="javascript`, "vimeo.com/76979871\""} {
		if strings.Contains(body, bad) {
			t.Errorf("album page contains %q", bad)
		}
	}
	if r := s.do("GET", "/ru/gallery/trip", nil, "Host", a.host, "If-None-Match", page.Header.Get("ETag")); r.Status != 304 {
		t.Errorf("If-None-Match: %d", r.Status)
	}
	if r := s.do("GET", "/ru/gallery/trip", nil, "Host", b.host); r.Status != 404 {
		t.Errorf("A's album on B's host: %d", r.Status)
	}

	// Published: the editor may no longer change it; the owner's change shows at once.
	if r := add(editor, map[string]any{"video_url": "https://youtu.be/dQw4w9WgXcQ"}); r.Status != 403 {
		t.Errorf("editor changes a published album: %d", r.Status)
	}
	r = s.do("PATCH", ab, `{"title":{"ru":"Поход 2026"}}`, "Cookie", owner)
	mustStatus(t, r, 200, "rename")
	if hits := searchHits("2026"); !slices.Equal(hits, wantHit) {
		t.Errorf("the renamed album is not found by its new title: %v", hits)
	}
	if !strings.Contains(string(s.do("GET", "/ru/gallery/trip", nil, host...).Body), "Поход 2026") {
		t.Error("the renamed album is stale on the public page")
	}

	// Reorder: every item once, or refused.
	var al struct {
		Album struct {
			Items []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
			} `json:"items"`
		} `json:"album"`
	}
	_ = json.Unmarshal(r.Body, &al)
	if len(al.Album.Items) != 4 {
		t.Fatalf("album has %d items: %s", len(al.Album.Items), r.Body)
	}
	var rev []int64
	for i := len(al.Album.Items) - 1; i >= 0; i-- {
		rev = append(rev, al.Album.Items[i].ID)
	}
	if r := s.do("PUT", ab+"/order", map[string]any{"ids": rev[:3]}, "Cookie", owner); r.Status != 400 {
		t.Errorf("partial order: %d", r.Status)
	}
	r = s.do("PUT", ab+"/order", map[string]any{"ids": rev}, "Cookie", owner)
	mustStatus(t, r, 200, "reorder")
	_ = json.Unmarshal(r.Body, &al)
	if al.Album.Items[0].ID != rev[0] || al.Album.Items[3].ID != rev[3] {
		t.Errorf("order after reorder: %+v", al.Album.Items)
	}
	embedAt, photoAt := strings.Index(string(s.do("GET", "/ru/gallery/trip", nil, host...).Body), "player.vimeo.com"),
		strings.Index(string(s.do("GET", "/ru/gallery/trip", nil, host...).Body), photo["thumb_url"].(string))
	if embedAt < 0 || photoAt < 0 || embedAt > photoAt {
		t.Errorf("the public page does not follow the new order (vimeo at %d, photo at %d)", embedAt, photoAt)
	}

	// A photo in an album cannot be deleted from the library.
	if r := s.do("DELETE", base+"/media/"+photo["id"].(string), nil, "Cookie", owner); r.Status != 409 {
		t.Errorf("deleting a photo in use: %d", r.Status)
	}
	// Unpublished again: gone from the site.
	mustStatus(t, s.do("POST", ab+"/unpublish", nil, "Cookie", owner), 200, "unpublish")
	if hits := searchHits("Концерт"); len(hits) != 0 {
		t.Errorf("an unpublished album stays in the search: %v", hits)
	}
	if r := s.do("GET", "/ru/gallery/trip", nil, host...); r.Status != 404 {
		t.Errorf("unpublished album: %d", r.Status)
	}
	// Now the editor may work on it again, and delete it; the media stay.
	mustStatus(t, s.do("DELETE", fmt.Sprintf("%s/items/%d", ab, rev[0]), nil, "Cookie", editor), 204, "editor removes an item")
	mustStatus(t, s.do("DELETE", ab, nil, "Cookie", editor), 204, "editor deletes the album")
	if r := s.do("GET", base+"/media/"+photo["id"].(string), nil, "Cookie", owner); r.Status != 200 {
		t.Errorf("the album's photo after the album: %d", r.Status)
	}
	mustStatus(t, s.do("DELETE", base+"/media/"+photo["id"].(string), nil, "Cookie", owner), 204, "photo no longer in use")
}
