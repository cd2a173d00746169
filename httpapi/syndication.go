package httpapi

import (
	"github.com/mektep/mektep/sitecore"
)

// feedEntryID is the ID a news item carries in the site's feeds: its own address, or for a
// republished or imported copy the original's ID, so whoever reads the feed (a partner,
// another school subscribed to it) can tell where the item came from and never loops it
// back (docs/syndication.md).
func feedEntryID(n *sitecore.News, lang sitecore.Lang, link string) string {
	if n.Source == nil {
		return link
	}
	if n.Source.Origin != "" {
		return n.Source.Origin
	}
	if u := n.Source.URL[lang]; u != "" {
		return u
	}
	for _, u := range n.Source.URL {
		return u
	}
	return link
}
