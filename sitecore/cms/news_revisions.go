package cms

import (
	"context"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// News revisions: every edit, publish and restore of a news item's texts is saved like a
// page's (the same revision store, under the key newsRevisionKey, which no page key can
// take: page keys have no "/"), so editors can compare and restore. A revision holds the
// texts only; cover, tags and comments are settings and stay as they are.

// newsRevisionKey is the key a news item's revisions are stored under.
func newsRevisionKey(key string) string { return "news/" + key }

// newsRevisionText is a news item's texts as a revision holds them: the summary in
// Description.
func newsRevisionText(texts ...map[sitecore.Lang]sitecore.NewsText) map[sitecore.Lang]sitecore.PageText {
	out := map[sitecore.Lang]sitecore.PageText{}
	for _, m := range texts {
		for l, t := range m {
			out[l] = sitecore.PageText{Title: t.Title, Slug: t.Slug, Body: t.Body, Description: t.Summary}
		}
	}
	return out
}

// revision stores the item's working texts (the draft over the published text) as its
// current revision.
func (s *News) revision(ctx context.Context, a sitecore.Actor, n *sitecore.News, event string) {
	saveRevision(ctx, s.Content, nil, &sitecore.PageRevision{SiteID: n.SiteID, Key: newsRevisionKey(n.Key), Rev: n.Revision,
		Event: event, Text: newsRevisionText(n.Text, n.Draft), AuthorID: a.UserID, AuthorName: a.Name, CreatedAt: s.now().UTC()})
}

// Revisions lists a news item's saved versions, newest first (Key is the item's key).
func (s *News) Revisions(ctx context.Context, p *sitecore.Principal, siteID int64, key string) ([]*sitecore.PageRevision, error) {
	if _, err := s.authorized(ctx, p, siteID, key, sitecore.ActionView); err != nil {
		return nil, err
	}
	rs, err := s.Content.ListPageRevisions(ctx, siteID, newsRevisionKey(key))
	for _, r := range rs {
		r.Key = strings.TrimPrefix(r.Key, "news/")
	}
	return rs, err
}

// Restore makes a revision's texts the item's working texts again (a draft on a published
// item), checked like an edit (slugs free among the site's news); it needs news:edit.
// Republished copies follow their source and have no texts of their own to restore.
func (s *News) Restore(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, rev int) (*sitecore.News, error) {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionEdit)
	if err != nil {
		return nil, err
	}
	if n.Source != nil {
		return nil, sitecore.Invalid("key", "republish.readonly")
	}
	r, err := s.Content.FindPageRevision(ctx, siteID, newsRevisionKey(key), rev)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("rev", "not_found.revision")
	}
	if err != nil {
		return nil, err
	}
	in := NewsInput{Text: map[string]NewsText{}}
	for l, t := range r.Text {
		in.Text[string(l)] = NewsText{Title: t.Title, Slug: t.Slug, Summary: t.Description, Body: t.Body}
	}
	if err := s.apply(ctx, n, in, "rev."); err != nil {
		return nil, err
	}
	n.Revision++
	n.UpdatedAt = s.now().UTC()
	if err := s.Content.UpsertNews(ctx, n); err != nil {
		return nil, err
	}
	s.revision(ctx, a, n, "restore")
	s.changed(ctx, a, siteID, "news.restore", key+"#"+strconv.Itoa(rev))
	return n, nil
}
