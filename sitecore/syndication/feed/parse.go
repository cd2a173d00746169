// Package feed fetches and parses the feeds a site subscribes to (Atom, RSS 2.0, JSON
// Feed 1.1), hardened against what the open internet sends: no entity expansion, size
// limits, and a dialer that refuses private addresses (see Client).
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// MaxEntries is how many entries of one feed are looked at; the rest are ignored.
const MaxEntries = 200

// ErrFormat is returned for a document that is not a feed Mektep reads.
var ErrFormat = errors.New("feed: not an Atom, RSS or JSON feed")

// Parse reads an Atom, RSS 2.0 or JSON Feed document.
//
// encoding/xml knows only the five predefined entities and ignores DTDs, so an entity
// declared in the document (a "billion laughs" bomb, an external entity reading a file) is
// an error, never an expansion.
func Parse(data []byte) (*syndication.Feed, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return parseJSON(trimmed)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = true
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case se.Name.Local == "feed":
			var f atomFeed
			if err := d.DecodeElement(&f, &se); err != nil {
				return nil, fmt.Errorf("feed: atom: %w", err)
			}
			return f.feed(), nil
		case se.Name.Local == "rss":
			var f rssDoc
			if err := d.DecodeElement(&f, &se); err != nil {
				return nil, fmt.Errorf("feed: rss: %w", err)
			}
			return f.feed(), nil
		default:
			return nil, ErrFormat
		}
	}
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",innerxml"`
}

// text returns an Atom text construct as HTML (text) or as-is (html, xhtml: sanitized later).
func (t atomText) html() string {
	switch t.Type {
	case "html":
		return xmlUnescape(t.Body)
	case "xhtml":
		return t.Body
	}
	return "<p>" + strings.TrimSpace(t.Body) + "</p>"
}

func (t atomText) plain() string {
	s := xmlUnescape(t.Body)
	if t.Type == "html" {
		s = html.UnescapeString(s)
	}
	return strings.TrimSpace(s)
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Lang      string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
}

type atomFeed struct {
	Title   atomText    `xml:"title"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Entries []atomEntry `xml:"entry"`
}

func (f atomFeed) feed() *syndication.Feed {
	out := &syndication.Feed{Title: f.Title.plain(), Lang: sitecore.Lang(strings.ToLower(short(f.Lang)))}
	for i, e := range f.Entries {
		if i == MaxEntries {
			break
		}
		x := syndication.Entry{GUID: strings.TrimSpace(e.ID), Title: e.Title.plain(), Summary: e.Summary.plain(),
			Published: parseTime(e.Published), Updated: parseTime(e.Updated), Lang: sitecore.Lang(short(e.Lang))}
		for _, l := range e.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				x.Link = strings.TrimSpace(l.Href)
				break
			}
		}
		if e.Content.Body != "" {
			x.Content = e.Content.html()
		} else if e.Summary.Body != "" {
			x.Content = e.Summary.html()
		}
		out.Entries = append(out.Entries, fill(x, out.Lang))
	}
	return out
}

type rssDoc struct {
	Channel struct {
		Title    string `xml:"title"`
		Language string `xml:"language"`
		Items    []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

func (f rssDoc) feed() *syndication.Feed {
	out := &syndication.Feed{Title: strings.TrimSpace(f.Channel.Title), Lang: sitecore.Lang(strings.ToLower(short(f.Channel.Language)))}
	for i, it := range f.Channel.Items {
		if i == MaxEntries {
			break
		}
		x := syndication.Entry{GUID: strings.TrimSpace(it.GUID), Title: strings.TrimSpace(it.Title), Link: strings.TrimSpace(it.Link),
			Summary: it.Description, Content: it.Content, Published: parseTime(it.PubDate)}
		if x.Content == "" {
			x.Content = it.Description
		}
		out.Entries = append(out.Entries, fill(x, out.Lang))
	}
	return out
}

type jsonFeed struct {
	Version  string `json:"version"`
	Title    string `json:"title"`
	Language string `json:"language"`
	Items    []struct {
		ID            any    `json:"id"`
		URL           string `json:"url"`
		Title         string `json:"title"`
		ContentHTML   string `json:"content_html"`
		ContentText   string `json:"content_text"`
		Summary       string `json:"summary"`
		DatePublished string `json:"date_published"`
		DateModified  string `json:"date_modified"`
		Language      string `json:"language"`
	} `json:"items"`
}

func parseJSON(data []byte) (*syndication.Feed, error) {
	var f jsonFeed
	if err := json.Unmarshal(data, &f); err != nil || !strings.HasPrefix(f.Version, "https://jsonfeed.org/version/") {
		return nil, ErrFormat
	}
	out := &syndication.Feed{Title: strings.TrimSpace(f.Title), Lang: sitecore.Lang(strings.ToLower(short(f.Language)))}
	for i, it := range f.Items {
		if i == MaxEntries {
			break
		}
		x := syndication.Entry{GUID: strings.TrimSpace(fmt.Sprint(it.ID)), Title: strings.TrimSpace(it.Title), Link: it.URL,
			Summary: it.Summary, Content: it.ContentHTML, Published: parseTime(it.DatePublished), Updated: parseTime(it.DateModified),
			Lang: sitecore.Lang(short(it.Language))}
		if it.ID == nil {
			x.GUID = ""
		}
		if x.Content == "" && it.ContentText != "" {
			x.Content = it.ContentText // plain text: the sanitizer makes paragraphs of it
		}
		out.Entries = append(out.Entries, fill(x, out.Lang))
	}
	return out, nil
}

// fill gives an entry an identity and dates when the feed left them out.
func fill(x syndication.Entry, lang sitecore.Lang) syndication.Entry {
	if x.Lang == "" {
		x.Lang = lang
	}
	if x.GUID == "" {
		x.GUID = x.Link
	}
	if x.Updated.IsZero() {
		x.Updated = x.Published
	}
	if x.Published.IsZero() {
		x.Published = x.Updated
	}
	return x
}

func short(lang string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(lang), "-")
	return strings.ToLower(l)
}

func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// xmlUnescape decodes the character references left in inner XML.
func xmlUnescape(s string) string {
	var b strings.Builder
	d := xml.NewDecoder(strings.NewReader("<x>" + s + "</x>"))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
		}
	}
	if b.Len() == 0 && strings.TrimSpace(s) != "" && !strings.Contains(s, "<") {
		return s
	}
	return b.String()
}
