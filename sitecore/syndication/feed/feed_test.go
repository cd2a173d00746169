package feed

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

const atomDoc = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">
 <title>Школа №1</title>
 <entry>
  <id>https://school1.kz/ru/news/olympiad</id>
  <title type="html">Олимпиада &amp;lt;итоги&amp;gt;</title>
  <link rel="alternate" href="https://school1.kz/ru/news/olympiad"/>
  <published>2026-09-01T09:00:00+05:00</published>
  <updated>2026-09-01T10:00:00+05:00</updated>
  <summary>Коротко</summary>
  <content type="html">&lt;p onclick="x()"&gt;Текст&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>
 </entry>
</feed>`

func TestParseAtomRSSJSON(t *testing.T) {
	f, err := Parse([]byte(atomDoc))
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Школа №1" || f.Lang != sitecore.Russian || len(f.Entries) != 1 {
		t.Fatalf("feed = %+v", f)
	}
	e := f.Entries[0]
	if e.GUID != "https://school1.kz/ru/news/olympiad" || e.Link != e.GUID || e.Title != "Олимпиада <итоги>" ||
		!e.Published.Equal(time.Date(2026, 9, 1, 4, 0, 0, 0, time.UTC)) || !strings.Contains(e.Content, "<script>") {
		t.Errorf("entry = %+v", e)
	}

	rss := `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>` + "\xd8\xea\xee\xeb\xe0" + `</title><language>kk-KZ</language>
<item><title>A</title><link>https://p.kz/a</link><pubDate>Tue, 01 Sep 2026 09:00:00 +0500</pubDate><description>&lt;b&gt;hi&lt;/b&gt;</description></item>
</channel></rss>`
	f, err = Parse([]byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Школа" || f.Lang != sitecore.Kazakh || f.Entries[0].GUID != "https://p.kz/a" || f.Entries[0].Content != "<b>hi</b>" {
		t.Errorf("rss = %+v", f)
	}

	js := `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":42,"url":"https://j.kz/1","title":"One","content_text":"plain"}]}`
	f, err = Parse([]byte(js))
	if err != nil || f.Entries[0].GUID != "42" || f.Entries[0].Content != "plain" {
		t.Errorf("json = %+v, %v", f, err)
	}
	if _, err := Parse([]byte(`<html><body>not a feed</body></html>`)); !errors.Is(err, ErrFormat) {
		t.Errorf("html parsed: %v", err)
	}
}

// TestBillionLaughs shows that encoding/xml does not expand entities declared in a DTD:
// the bomb fails at once instead of growing to gigabytes.
func TestBillionLaughs(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		b.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	b.WriteString(`]><feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title><entry><id>x</id><title>&lol9;</title></entry></feed>`)
	f, err := Parse([]byte(b.String()))
	if err == nil {
		t.Fatalf("the bomb parsed: title of %d bytes", len(f.Title))
	}
	if !strings.Contains(err.Error(), "entity") {
		t.Errorf("error = %v, want an unknown entity", err)
	}
	// An external entity (XXE) is refused the same way.
	xxe := `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>`
	if _, err := Parse([]byte(xxe)); err == nil {
		t.Error("an external entity parsed")
	}
}

func TestImportedIsSanitized(t *testing.T) {
	f, _ := Parse([]byte(atomDoc))
	site := &sitecore.Site{ID: 5, Languages: []sitecore.Lang{sitecore.Kazakh, sitecore.Russian}}
	n := syndication.Imported(site, &syndication.Subscription{ID: 3, Mode: syndication.ImportDraft}, f.Title, f.Entries[0], time.Now())
	body := n.Text[sitecore.Russian].Body
	if strings.Contains(body, "script") || strings.Contains(body, "onclick") || !strings.Contains(body, "Текст") {
		t.Errorf("body = %q", body)
	}
	if n.Published || n.Source.Origin != f.Entries[0].GUID || n.Source.URL[sitecore.Russian] != f.Entries[0].Link {
		t.Errorf("imported = %+v %+v", n, n.Source)
	}
}

func TestFetchConditionalAndSizeLimit(t *testing.T) {
	var gets, notModified atomic.Int32
	big := strings.Repeat("x", MaxBytes+10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		switch r.URL.Path {
		case "/feed":
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Last-Modified", "Tue, 01 Sep 2026 09:00:00 GMT")
			_, _ = w.Write([]byte(atomDoc))
		case "/huge":
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			_, _ = w.Write([]byte(big))
		case "/huge-chunked":
			w.(http.Flusher).Flush() // no Content-Length: the limit has to count
			_, _ = w.Write([]byte(big))
		}
	}))
	defer srv.Close()
	c := NewClient([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, 10*time.Second)
	ctx := context.Background()
	r, err := Fetch(ctx, c, srv.URL+"/feed", "", "")
	if err != nil || r.NotModified || r.ETag != `"v1"` || r.LastModified == "" || len(r.Feed) != len(atomDoc) {
		t.Fatalf("first fetch = %+v, %v", r, err)
	}
	r, err = Fetch(ctx, c, srv.URL+"/feed", r.ETag, r.LastModified)
	if err != nil || !r.NotModified || r.ETag != `"v1"` || notModified.Load() != 1 {
		t.Fatalf("conditional fetch = %+v, %v", r, err)
	}
	for _, p := range []string{"/huge", "/huge-chunked"} {
		if _, err := Fetch(ctx, c, srv.URL+p, "", ""); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", p, err)
		}
	}
}

func TestSSRFRefused(t *testing.T) {
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(atomDoc))
	}))
	defer internal.Close()
	ctx := context.Background()
	strict := NewClient(nil, 10*time.Second)
	// A loopback address, a name that resolves to loopback: refused after resolution.
	_, port, _ := net.SplitHostPort(internal.Listener.Addr().String())
	for _, u := range []string{internal.URL + "/feed", "http://localhost:" + port + "/feed"} {
		if _, err := Fetch(ctx, strict, u, "", ""); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("%s: %v, want ErrForbiddenAddress", u, err)
		}
	}
	// A server the operator allowed (127.0.0.2) redirecting to one it did not (127.0.0.1).
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	redirector := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/feed", http.StatusFound)
	}))
	redirector.Listener = l
	redirector.Start()
	defer redirector.Close()
	partial := NewClient([]netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}, 10*time.Second)
	if _, err := Fetch(ctx, partial, redirector.URL+"/feed", "", ""); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("redirect to an internal address: %v, want ErrForbiddenAddress", err)
	}
	// Link-local metadata addresses and private ranges are never public.
	for _, a := range []string{"169.254.169.254", "10.1.2.3", "192.168.0.1", "::1", "fd00::1", "100.64.0.1", "::ffff:127.0.0.1"} {
		if Allowed(netip.MustParseAddr(a), nil) {
			t.Errorf("%s allowed", a)
		}
	}
	if !Allowed(netip.MustParseAddr("2.133.0.1"), nil) {
		t.Error("a public address refused")
	}
}
