package httpapi

// Fuzz targets for the bytes strangers send the HTTP layer: JSON request bodies, the
// Accept-Language and Host headers, and the titles that end up in feeds and sitemaps. They
// only call the package's functions, so they move with them.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/http/httpguts"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/media"
)

// requestBodies make a fresh value of each request type of the main routes.
var requestBodies = map[string]func() any{
	"application":  func() any { return new(applicationRequest) },
	"registration": func() any { return new(accounts.Registration) },
	"ticket":       func() any { return new(helpdesk.NewTicket) },
	"news":         func() any { return new(cms.NewsInput) },
	"page":         func() any { return new(cms.NewPage) },
	"settings":     func() any { return new(cms.SettingsInput) },
	"site":         func() any { return new(sitecore.NewSite) },
	"campaign":     func() any { return new(admissions.NewCampaign) },
	"decision":     func() any { return new(admissions.Decision) },
	"album":        func() any { return new(media.AlbumInput) },
	"comment": func() any {
		return new(struct {
			Body string `json:"body"`
		})
	},
}

// FuzzDecodeJSON sends request bodies through the decoding every JSON route uses and the
// error answer: a body is either taken whole (and is then valid JSON) or refused with a 400
// or 413 whose JSON error names a field and says what is wrong in the caller's language.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"site_id": 3, "child_name": "Әлихан", "child_iin": "061211600012", "birth_date": "2018-05-01", "grade": 1}`,
		`{"email": "a@b.kz", "password": "correct horse battery", "name": "Айгерім", "lang": "kk"}`,
		`{"subject": "Сайт ашылмайды", "description": "<script>alert(1)</script>", "category": "technical"}`,
		`{"text": {"kk": {"title": "Наурыз", "body": "<p>x</p>", "slug": "nauryz"}}, "tags": ["a"]}`,
		`{"grade": "1"}`, `{"grade": 1e400}`, `{"site_id": -1}`, `{"site_id": 9223372036854775808}`,
		`{"unknown": 1}`, `{"body": "x"} {"body": "y"}`, `{"body": "x"`, `[]`, `null`, `"x"`, `1`, ``,
		"{\"body\": \"\xff\xfe\"}", `{"body": "\ud800"}`, `{"a":` + strings.Repeat(`[`, 10000),
		`{"text": {"kk": {"title": {"x": 1}}}}`, `{"grades": [{"grade": "x"}]}`,
	} {
		f.Add([]byte(s))
	}
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	s.init()
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, mk := range requestBodies {
			r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			r.Header.Set("Accept-Language", "ru")
			data, err := readBody(r, maxJSONBody)
			if err == nil {
				err = decodeJSON(data, mk())
			}
			if err == nil {
				if !json.Valid(body) {
					t.Fatalf("%s: took %q, which is not JSON", name, body)
				}
				continue
			}
			var e *sitecore.Error
			if !errors.As(err, &e) || e.Code != sitecore.EInvalid && e.Code != sitecore.ETooLarge {
				t.Fatalf("%s: %q gave %#v", name, body, err)
			}
			w := httptest.NewRecorder()
			s.Error(w, r, err)
			var answer errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
				t.Fatalf("%s: error answer %q: %v", name, w.Body, err)
			}
			if w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge ||
				answer.Error.Field == "" && e.Code == sitecore.EInvalid || answer.Error.Message == "" ||
				strings.Contains(answer.Error.Message, "{") {
				t.Fatalf("%s: %q answered %d %s", name, body, w.Code, w.Body)
			}
		}
	})
}

// FuzzRequestLang checks that any Accept-Language header picks one of the message languages.
func FuzzRequestLang(f *testing.F) {
	for _, s := range []string{"ru", "kk-KZ,kk;q=0.9,ru;q=0.8", "en-US,en;q=0.5", "*", "de", "ru;q=0", "qaa-Qaaa-QM-x-southern",
		"zh-Hant-TW;q=0.1, ru;q=1.0", "en;q=abc", ";;;,,,", strings.Repeat("en-", 1000), "kk-Cyrl-KZ-u-nu-latn", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, al string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Language"] = []string{al}
		switch l := requestLang(r); l {
		case sitecore.Kazakh, sitecore.Russian, sitecore.English:
		default:
			t.Fatalf("Accept-Language %q gave %q", al, l)
		}
	})
}

// FuzzHost checks the Host header as the site middleware and the links of public pages see
// it: an accepted host normalizes to a lowercase DNS name that normalizes to itself, and
// the base URL that canonical links, feeds and sitemaps are built from names that very host
// and at most a numeric port.
func FuzzHost(f *testing.F) {
	for _, s := range []string{"school.edu.kz", "School.EDU.kz.:8080", "xn--80aaf.kz", "[::1]:80", "a..b", "-a.kz",
		"school.edu.kz:'onmouseover=alert(1)", "school.edu.kz:80:80", strings.Repeat("a.", 130) + "kz", "école.kz", ":80", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		h, ok := sitecore.NormalizeHost(host)
		if !ok || !httpguts.ValidHostHeader(host) { // net/http refuses the others
			return
		}
		if again, ok := sitecore.NormalizeHost(h); !ok || again != h {
			t.Fatalf("NormalizeHost(%q) = %q, then %q %v", host, h, again, ok)
		}
		if h != strings.ToLower(h) || strings.Trim(h, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" ||
			strings.Contains(h, "..") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || len(h) > 253 {
			t.Fatalf("NormalizeHost(%q) = %q", host, h)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		u, err := url.Parse(baseURL(r))
		if err != nil || !strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), h) || strings.Trim(u.Port(), "0123456789") != "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("host %q accepted as %q, but links start %q", host, h, baseURL(r))
		}
	})
}

// FuzzFeedsAndSitemap builds the RSS, Atom and sitemap documents from hostile titles,
// summaries, site names, slugs and hosts, as the feed and sitemap handlers do: each one is
// well-formed XML, and every text reads back as it was written (texts XML cannot carry are
// written with U+FFFD in their place).
func FuzzFeedsAndSitemap(f *testing.F) {
	f.Add("Наурыз мерекесі", "<p>Мектепте &amp; той</p>", "Школа №5 «Болашақ»", "nauryz-2026", "school.edu.kz")
	f.Add("]]><script>alert(1)</script>", "<!-- -->\x00\x01\x0b\ufffe", "\xff\xfe", "../../x?y=<z>&", "a.kz:80")
	f.Add("&amp;&lt;&#0;&#xD800;", "\r\n\t", "' \" < > &", "слаг с пробелом", "")
	updated := time.Date(2026, 3, 21, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, summary, siteName, slug, host string) {
		lang := sitecore.Kazakh
		site := &sitecore.Site{Names: map[sitecore.Lang]string{lang: siteName}, Languages: []sitecore.Lang{lang}}
		base := "https://" + host
		link := base + cms.NewsPath(lang, slug)
		docs := []struct {
			v     any
			texts []string // what must read back from it
		}{
			{rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{Title: site.Name(lang), Link: base + pagePath(lang, ""),
				Description: site.Name(lang) + " — news", Language: string(lang), LastBuild: updated.Format(time.RFC1123Z),
				Self:  rssSelf{Href: base + "/kk/feed.rss", Rel: "self", Type: "application/rss+xml"},
				Items: []rssItem{{Title: title, Link: link, GUID: link, PubDate: updated.Format(time.RFC1123Z), Description: summary}}}},
				[]string{siteName, title, summary, link}},
			{atomFeed{Lang: string(lang), ID: base + "/kk/feed.atom", Title: site.Name(lang), Updated: updated.Format(time.RFC3339),
				Links:  []atomLink{{Href: base + "/kk/feed.atom", Rel: "self", Type: "application/atom+xml"}},
				Author: atomAuthor{Name: site.Name(lang)},
				Entries: []atomEntry{{ID: link, Title: title, Link: atomLink{Href: link, Rel: "alternate"},
					Published: updated.Format(time.RFC3339), Updated: updated.Format(time.RFC3339), Summary: summary}}},
				[]string{siteName, title, summary, link}},
			{urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: []sitemapURL{{
				Loc: link, LastMod: "2026-03-21", Links: []sitemapXLink{{Rel: "alternate", Hreflang: string(lang), Href: base + sitecore.AlbumPath(lang, slug)}}}}},
				[]string{link, base + sitecore.AlbumPath(lang, slug)}},
			{sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", Sitemaps: []sitemapEntry{{Loc: base + "/sitemap-1.xml"}}},
				[]string{base + "/sitemap-1.xml"}},
		}
		for _, d := range docs {
			page, err := xmlPage(d.v, updated, lang, "application/xml")
			if err != nil {
				t.Fatalf("xmlPage(%T): %v", d.v, err)
			}
			got := wellFormed(t, page.body)
			for _, want := range d.texts {
				if !got[xmlSafe(want)] {
					t.Fatalf("%T: %q does not read back from %s", d.v, xmlSafe(want), page.body)
				}
			}
		}
	})
}

// wellFormed parses data strictly as XML and returns the character data and attribute
// values it holds.
func wellFormed(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	if !utf8.Valid(data) {
		t.Fatalf("not UTF-8: %q", data)
	}
	texts := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			text.Reset()
			for _, a := range tok.Attr {
				texts[a.Value] = true
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			texts[text.String()] = true
			text.Reset()
		}
	}
}

// xmlSafe is s as encoding/xml writes it: each byte of invalid UTF-8 and each character
// XML 1.0 cannot carry becomes U+FFFD.
func xmlSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			r = '\uFFFD'
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}
