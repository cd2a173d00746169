package site

// Fuzz target for the titles that end up in feeds and sitemaps. It only calls the package's
// functions, so it moves with them.

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

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
