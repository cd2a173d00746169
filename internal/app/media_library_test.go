package app_test

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestMediaLibrary: uploads are sniffed, named safely and thumbnailed; files are served on
// the site's host with ranges straight from GridFS, and are not found on another site's;
// the logo shows on public pages; access follows the media section.
func TestMediaLibrary(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "media-a")
	b := provisionTenant(t, s, "media-b")
	owner := session(t, s, a.users["owner"].ID)
	base := fmt.Sprintf("/api/v1/sites/%d", a.site)

	// An image over several GridFS chunks, with a hostile name, as a multipart form.
	img := noisePNG(t, 1200, 600)
	r := uploadForm(s, "POST", base+"/media", `..\../Отчёт <script>.exe.PNG`, img, "Cookie", owner)
	mustStatus(t, r, 201, "image upload")
	m := get(t, r, "media")
	id, name := m["id"].(string), m["name"].(string)
	if m["kind"] != "image" || m["content_type"] != "image/png" || m["width"] != 1200.0 || m["height"] != 600.0 ||
		m["size"] != float64(len(img)) {
		t.Errorf("image: %v", m)
	}
	if strings.ContainsAny(name, `/\<> `) || !strings.HasSuffix(name, ".png") || !strings.HasPrefix(name, "Отчёт") {
		t.Errorf("name %q is not sanitized", name)
	}
	fileURL, thumbURL := m["url"].(string), m["thumb_url"].(string)
	if fileURL != "/media/"+id+"/"+url.PathEscape(name) || thumbURL == "" {
		t.Errorf("url %q thumb %q", fileURL, thumbURL)
	}

	// The file on A's host: whole, ranges within and across chunks, suffix, unsatisfiable.
	host := []string{"Host", a.host}
	full := s.do("GET", fileURL, nil, host...)
	if full.Status != 200 || !bytes.Equal(full.Body, img) {
		t.Fatalf("GET file: %d, %d bytes of %d", full.Status, len(full.Body), len(img))
	}
	h := full.Header
	if h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Cache-Control"), "immutable") || h.Get("ETag") == "" || h.Get("Accept-Ranges") != "bytes" {
		t.Errorf("headers: %v", h)
	}
	for _, rg := range []struct {
		header   string
		from, to int
	}{
		{"bytes=100-199", 100, 200},
		{"bytes=250000-800000", 250000, 800001}, // spans chunk boundaries (255 KiB chunks)
		{"bytes=" + strconv.Itoa(len(img)-50) + "-", len(img) - 50, len(img)},
		{"bytes=-70", len(img) - 70, len(img)},
	} {
		r := s.do("GET", fileURL, nil, "Host", a.host, "Range", rg.header)
		want := fmt.Sprintf("bytes %d-%d/%d", rg.from, rg.to-1, len(img))
		if r.Status != 206 || !bytes.Equal(r.Body, img[rg.from:rg.to]) || r.Header.Get("Content-Range") != want {
			t.Errorf("Range %s: %d %q, %d bytes", rg.header, r.Status, r.Header.Get("Content-Range"), len(r.Body))
		}
	}
	if r := s.do("GET", fileURL, nil, "Host", a.host, "Range", "bytes="+strconv.Itoa(len(img)+10)+"-"); r.Status != 416 {
		t.Errorf("range past the end: %d", r.Status)
	}
	if r := s.do("GET", fileURL, nil, "Host", a.host, "If-None-Match", h.Get("ETag")); r.Status != 304 {
		t.Errorf("If-None-Match: %d", r.Status)
	}
	if r := s.do("HEAD", fileURL, nil, host...); r.Status != 200 || len(r.Body) != 0 || r.Header.Get("Content-Length") != strconv.Itoa(len(img)) {
		t.Errorf("HEAD: %d, %d bytes, length %q", r.Status, len(r.Body), r.Header.Get("Content-Length"))
	}

	// The thumbnail is a smaller image of the same proportions.
	th := s.do("GET", thumbURL, nil, host...)
	if th.Status != 200 {
		t.Fatalf("thumbnail: %d", th.Status)
	}
	if w, hh := imageSize(t, th.Body); w != 480 || hh != 240 || len(th.Body) >= len(img) {
		t.Errorf("thumbnail %dx%d, %d bytes", w, hh, len(th.Body))
	}

	// An image too large to keep in memory is read back from GridFS for its thumbnail: the
	// same thumbnail.
	s.App.Media.ThumbSourceMax = -1
	r = uploadForm(s, "POST", base+"/media", "again.png", img, "Cookie", owner)
	s.App.Media.ThumbSourceMax = 0
	mustStatus(t, r, 201, "image upload, thumbnail from the stored file")
	again := get(t, r, "media")
	if again["width"] != 1200.0 || again["height"] != 600.0 {
		t.Errorf("read back: %v", again)
	}
	if th2 := s.do("GET", again["thumb_url"].(string), nil, host...); th2.Status != 200 || !bytes.Equal(th2.Body, th.Body) {
		t.Errorf("thumbnail made from the stored file: %d, %d bytes; differs from the one made from memory (%d bytes)", th2.Status, len(th2.Body), len(th.Body))
	}
	mustStatus(t, s.do("DELETE", base+"/media/"+again["id"].(string), nil, "Cookie", owner), 204, "delete the second copy")

	// Another site's host, and another site's people, do not find it.
	if r := s.do("GET", fileURL, nil, "Host", b.host); r.Status != 404 || bytes.Contains(r.Body, img[:64]) {
		t.Errorf("A's file on B's host: %d", r.Status)
	}
	if r := s.do("GET", thumbURL, nil, "Host", b.host); r.Status != 404 {
		t.Errorf("A's thumbnail on B's host: %d", r.Status)
	}
	bOwner := session(t, s, b.users["owner"].ID)
	if r := s.do("GET", base+"/media/"+id, nil, "Cookie", bOwner); r.Status != 404 {
		t.Errorf("B's owner reads A's media: %d", r.Status)
	}
	if r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/media/%s", b.site, id), nil, "Cookie", bOwner); r.Status != 404 {
		t.Errorf("A's media through B's site: %d", r.Status)
	}

	// Documents and video: sniffed, a document is an attachment, a video streams by range.
	pdf := pdfOf(40_000)
	r = uploadRaw(s, base+"/media", "План%20работы.pdf", pdf, "Cookie", owner)
	mustStatus(t, r, 201, "pdf")
	doc := get(t, r, "media")
	if doc["kind"] != "document" || doc["thumb_url"] != nil {
		t.Errorf("pdf: %v", doc)
	}
	dl := s.do("GET", doc["url"].(string), nil, host...)
	if dl.Status != 200 || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") || !bytes.Equal(dl.Body, pdf) {
		t.Errorf("pdf download: %d %q", dl.Status, dl.Header.Get("Content-Disposition"))
	}
	video := mp4Of(700_000)
	r = uploadRaw(s, base+"/media", "clip.mov", video, "Cookie", owner)
	mustStatus(t, r, 201, "mp4")
	vid := get(t, r, "media")
	if vid["kind"] != "video" || vid["content_type"] != "video/mp4" || !strings.HasSuffix(vid["name"].(string), ".mp4") {
		t.Errorf("video: %v", vid)
	}
	if r := s.do("GET", vid["url"].(string), nil, "Host", a.host, "Range", "bytes=600000-"); r.Status != 206 || !bytes.Equal(r.Body, video[600000:]) {
		t.Errorf("video range: %d, %d bytes", r.Status, len(r.Body))
	}

	// What is not a supported file is refused, whatever its name says.
	for name, body := range map[string][]byte{
		"setup.pdf":    append([]byte("MZ\x90\x00"), make([]byte, 500)...),
		"page.png":     []byte("<!doctype html><script>alert(1)</script>"),
		"image.svg":    []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"empty.jpg":    {},
		"archive.docx": append([]byte("PK\x03\x04"), make([]byte, 500)...),
	} {
		r := uploadRaw(s, base+"/media", name, body, "Cookie", owner)
		if _, f, _ := r.Error(t); r.Status != 400 || f != "file" {
			t.Errorf("%s: %d field %q", name, r.Status, f)
		}
	}
	// Over the per-file cap.
	if r := uploadRaw(s, base+"/media", "huge.pdf", pdfOf(21<<20), "Cookie", owner); r.Status != 413 {
		t.Errorf("21 MiB pdf: %d", r.Status)
	}

	// Listing: by kind, paged.
	r = s.do("GET", base+"/media?kind=image", nil, "Cookie", owner)
	if r.Status != 200 || r.JSON(t)["total"] != 1.0 {
		t.Errorf("images: %d %s", r.Status, r.Body)
	}
	r = s.do("GET", base+"/media?limit=1&offset=1", nil, "Cookie", owner)
	if items := r.JSON(t)["items"].([]any); len(items) != 1 || r.JSON(t)["total"] != 3.0 {
		t.Errorf("page 2: %s", r.Body)
	}
	if r := s.do("GET", base+"/media?kind=virus", nil, "Cookie", owner); r.Status != 400 {
		t.Errorf("bad kind: %d", r.Status)
	}

	// Access: a member without a delegation may not upload; a media:view delegate may list.
	teacher := session(t, s, a.users["teacher"].ID)
	if r := uploadRaw(s, base+"/media", "x.pdf", pdf, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher uploads: %d", r.Status)
	}
	if r := uploadRaw(s, base+"/media", "x.pdf", pdf, "Cookie", bOwner); r.Status != 404 {
		t.Errorf("B's owner uploads to A: %d", r.Status)
	}
	if r := s.do("DELETE", base+"/media/"+id, nil, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher deletes: %d", r.Status)
	}

	// The logo: an image only; shown on public pages; its file cannot be deleted meanwhile.
	if r := uploadForm(s, "PUT", base+"/logo", "logo.pdf", pdf, "Cookie", owner); r.Status != 400 {
		t.Errorf("pdf logo: %d", r.Status)
	}
	r = uploadForm(s, "PUT", base+"/logo", "logo.png", noisePNG(t, 600, 600), "Cookie", owner)
	mustStatus(t, r, 200, "logo")
	logo := get(t, r, "logo")
	page := s.do("GET", "/ru/", nil, host...)
	if !strings.Contains(string(page.Body), `class="logo" src="`+logo["thumb_url"].(string)+`"`) {
		t.Errorf("the home page does not show the logo %s", logo["thumb_url"])
	}
	if r := s.do("DELETE", base+"/media/"+logo["id"].(string), nil, "Cookie", owner); r.Status != 409 {
		t.Errorf("deleting the logo's file: %d", r.Status)
	}
	usedWithLogo, _, _ := quotaOf(t, s, a.site, owner)
	logoThumb := s.do("GET", logo["thumb_url"].(string), nil, host...)
	if logoThumb.Status != 200 || len(logoThumb.Body) == 0 {
		t.Fatalf("logo thumbnail: %d", logoThumb.Status)
	}
	mustStatus(t, s.do("DELETE", base+"/logo", nil, "Cookie", owner), 204, "clear logo")
	if strings.Contains(string(s.do("GET", "/ru/", nil, host...).Body), `class="logo"`) {
		t.Error("the logo is still shown")
	}
	if r := s.do("GET", base+"/media/"+logo["id"].(string), nil, "Cookie", owner); r.Status != 404 {
		t.Errorf("the old logo's file: %d", r.Status)
	}
	if u, _, _ := quotaOf(t, s, a.site, owner); u != usedWithLogo-int64(logo["size"].(float64))-int64(len(logoThumb.Body)) {
		t.Errorf("the logo's bytes were not given back: %d", u)
	}

	// Deleting releases the file's and the thumbnail's bytes and removes them from GridFS.
	before, _, _ := quotaOf(t, s, a.site, owner)
	files := gridFSFiles(t, s, "media")
	mustStatus(t, s.do("DELETE", base+"/media/"+id, nil, "Cookie", owner), 204, "delete image")
	after, _, _ := quotaOf(t, s, a.site, owner)
	if before-after <= int64(len(img)) || gridFSFiles(t, s, "media") != files-2 {
		t.Errorf("delete: used %d → %d, files %d → %d", before, after, files, gridFSFiles(t, s, "media"))
	}
	if r := s.do("GET", fileURL, nil, host...); r.Status != 404 {
		t.Errorf("deleted file still served: %d", r.Status)
	}
}
