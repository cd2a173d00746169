package syndication

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// ImportKey is the news key of an imported entry on a site: derived from the subscription
// and the GUID, so importing the same entry again finds the same item.
func ImportKey(subID int64, guid string) string {
	h := sha256.Sum256([]byte(guid))
	return "i" + strconv.FormatInt(subID, 10) + "-" + hex.EncodeToString(h[:8])
}

// Imported turns a feed entry into a news item of the site: a copy that names its source
// (the feed's title and the entry's canonical link) and keeps the entry's GUID as its
// origin. The HTML goes through the editors' sanitizer; the language is the entry's or
// the feed's when the site publishes in it, else the site's default. It returns nil for an
// entry without title or link.
func Imported(site *sitecore.Site, sub *Subscription, feedTitle string, e Entry, now time.Time) *sitecore.News {
	title := strings.TrimSpace(cms.PlainText(e.Title))
	link, err := url.Parse(e.Link)
	if title == "" || err != nil || (link.Scheme != "http" && link.Scheme != "https") {
		return nil
	}
	lang := site.DefaultLang()
	if site.HasLang(e.Lang) {
		lang = e.Lang
	}
	body := cms.RichText(e.Content)
	summary := strings.TrimSpace(cms.PlainText(e.Summary))
	if summary == "" {
		summary = cms.PlainText(body)
	}
	key := ImportKey(sub.ID, e.GUID)
	n := &sitecore.News{SiteID: site.ID, Key: key, Published: sub.Mode == ImportPublish, UpdatedAt: now,
		Text: map[sitecore.Lang]sitecore.NewsText{lang: {Title: clip(title, 300), Slug: key, Summary: clip(summary, 300), Body: body}},
		Source: &sitecore.NewsSource{SiteName: map[sitecore.Lang]string{lang: clip(cms.PlainText(feedTitle), 200)},
			URL: map[sitecore.Lang]string{lang: link.String()}, Origin: e.GUID}}
	n.PublishedAt = now
	if !e.Published.IsZero() && e.Published.Before(now) {
		n.PublishedAt = e.Published
	}
	return n
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
