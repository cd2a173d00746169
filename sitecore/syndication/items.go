package syndication

import (
	"time"

	"github.com/mektep/mektep/sitecore"
)

// PublicPart is what syndication records of an item when the CMS reports a change
// (Store.RecordChanges) and what delivery later sends: the texts, cover, tags and dates of
// a published original. It returns nil when nothing of the item may leave the school: a
// draft, an unpublished or deleted item, a copy of another school's item. The draft part of
// a published item is never kept.
func PublicPart(n *sitecore.News) *sitecore.News {
	if n == nil || !n.Published || n.Source != nil {
		return nil
	}
	return &sitecore.News{SiteID: n.SiteID, Key: n.Key, Text: n.Text, Published: true, CoverURL: n.CoverURL,
		Tags: n.Tags, PublishedAt: n.PublishedAt, UpdatedAt: n.UpdatedAt}
}

// Withdrawn is the recorded state of an item of which nothing may leave: unpublished, at
// the version the change was recorded with.
func Withdrawn(siteID int64, key string, version int64) *sitecore.News {
	n := &sitecore.News{SiteID: siteID, Key: key}
	n.UpdatedAt = unixMicro(version)
	return n
}

func unixMicro(v int64) (t time.Time) { return time.UnixMicro(v).UTC() }
