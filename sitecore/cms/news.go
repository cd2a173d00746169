package cms

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// MediaLookup resolves a media library item of the site to its public path, or fails with
// ENotFound (the media library service).
type MediaLookup func(ctx context.Context, siteID int64, id string) (string, error)

// News manages a site's news: drafts, publishing (now or at a set time), and republishing
// other schools' news with attribution.
type News struct {
	Content   sitecore.ContentStore
	Sites     sitecore.SiteStore
	Audit     Auditor
	Index     sitecore.SearchIndexer // may be nil
	Scheduler Scheduler              // may be nil
	Media     MediaLookup            // may be nil: covers are then refused
	// Syndicator hears of every change to what visitors see of an original news item (may
	// be nil: no syndication).
	Syndicator Syndicator
	// PublicURL builds a site's absolute address (scheme and host of its primary domain).
	SiteURL  func(site *sitecore.Site) string
	OnChange func(siteID int64)
	Now      func() time.Time
}

func (s *News) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

const (
	maxSummaryLen = 500
	maxTags       = 10
	maxTagLen     = 40
	maxPageSize   = 100
)

func newsResource() sitecore.Resource { return sitecore.Resource{Section: sitecore.SectionNews} }

// NewsText is a news item in one language as an editor submits it.
type NewsText struct {
	Title   string `json:"title"`
	Slug    string `json:"slug"`
	Summary string `json:"summary"`
	Body    string `json:"body"`
}

// Syndicator hands news changes to syndication (syndication.Service): it is told, with the
// item as it now is, after an item is published, unpublished, deleted (then with Published
// false) or has its public tags or cover changed; it records what of the item may leave
// and decides itself what to send where.
type Syndicator interface {
	NewsItemChanged(ctx context.Context, n *sitecore.News) error
}

// syndicate tells the Syndicator about a change of an original's public state.
func (s *News) syndicate(ctx context.Context, n *sitecore.News) error {
	if s.Syndicator == nil || n.Source != nil {
		return nil
	}
	return s.Syndicator.NewsItemChanged(ctx, n)
}

// NewsInput creates a news item (as a draft) or changes its settings.
type NewsInput struct {
	Key        string              `json:"key"`
	Text       map[string]NewsText `json:"text"`
	CoverID    *string             `json:"cover_id"`
	Tags       *[]string           `json:"tags"`
	NoComments *bool               `json:"no_comments"`
}

// NewsList is a page of the editor's news list.
type NewsList struct {
	Items []*sitecore.News `json:"items"`
	Total int64            `json:"total"`
}

// List returns the site's news, drafts included; it needs news:view.
func (s *News) List(ctx context.Context, p *sitecore.Principal, siteID int64, offset, limit int) (*NewsList, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, newsResource()); err != nil {
		return nil, err
	}
	limit = clampLimit(limit)
	items, total, err := s.Content.ListAllNews(ctx, siteID, max(offset, 0), limit)
	if err != nil {
		return nil, err
	}
	return &NewsList{Items: items, Total: total}, nil
}

// Filter returns up to limit of the site's news matching f, drafts included, newest first,
// without their bodies (the panel's list; it needs news:view). Limit is not clamped: the list
// asks for one more than it shows to know whether a next page exists.
func (s *News) Filter(ctx context.Context, p *sitecore.Principal, siteID int64, f sitecore.NewsFilter, offset, limit int) ([]*sitecore.News, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, newsResource()); err != nil {
		return nil, err
	}
	return s.Content.FilterNews(ctx, siteID, f, max(offset, 0), min(max(limit, 1), 500))
}

func clampLimit(limit int) int {
	if limit <= 0 || limit > maxPageSize {
		return 20
	}
	return limit
}

// Get returns one item as the editor sees it.
func (s *News) Get(ctx context.Context, p *sitecore.Principal, siteID int64, key string) (*sitecore.News, error) {
	return s.authorized(ctx, p, siteID, key, sitecore.ActionView)
}

func (s *News) authorized(ctx context.Context, p *sitecore.Principal, siteID int64, key string, act sitecore.Action) (*sitecore.News, error) {
	if err := sitecore.Authorize(p, siteID, act, newsResource()); err != nil {
		return nil, err
	}
	return s.Content.FindNewsByKey(ctx, siteID, key)
}

// Create adds a draft news item; it needs news:edit. Without a key one is made up.
func (s *News) Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in NewsInput) (*sitecore.News, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, newsResource()); err != nil {
		return nil, err
	}
	if in.Key == "" {
		var b [3]byte
		_, _ = rand.Read(b[:])
		in.Key = "n" + s.now().In(sitecore.Almaty).Format("20060102") + "-" + hex.EncodeToString(b[:])
	}
	if !keyRE.MatchString(in.Key) {
		return nil, sitecore.Invalid("key", "page.key_invalid")
	}
	if _, err := s.Content.FindNewsByKey(ctx, siteID, in.Key); err == nil {
		return nil, sitecore.Conflictf("key", "page.key_taken", "value", in.Key)
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, err
	}
	if len(in.Text) == 0 {
		return nil, sitecore.Invalid("text", "field.required")
	}
	n := &sitecore.News{SiteID: siteID, Key: in.Key, Text: map[sitecore.Lang]sitecore.NewsText{}}
	if err := s.apply(ctx, n, in, "text."); err != nil {
		return nil, err
	}
	n.UpdatedAt, n.Revision = s.now().UTC(), 1
	if err := s.Content.UpsertNews(ctx, n); err != nil {
		return nil, err
	}
	s.revision(ctx, a, n, "edit")
	s.changed(ctx, a, siteID, "news.create", n.Key)
	return n, nil
}

// Update changes texts (a draft on a published item) and settings; it needs news:edit.
func (s *News) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, in NewsInput) (*sitecore.News, error) {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionEdit)
	if err != nil {
		return nil, err
	}
	if n.Source != nil {
		return nil, sitecore.Invalid("key", "republish.readonly")
	}
	if in.Key != "" && in.Key != key {
		return nil, sitecore.Invalid("key", "field.unknown")
	}
	tags, cover := slices.Clone(n.Tags), n.CoverURL
	if err := s.apply(ctx, n, in, "text."); err != nil {
		return nil, err
	}
	n.UpdatedAt = s.now().UTC()
	if len(in.Text) > 0 {
		n.Revision++
	}
	if err := s.Content.UpsertNews(ctx, n); err != nil {
		return nil, err
	}
	if len(in.Text) > 0 {
		s.revision(ctx, a, n, "edit")
	}
	s.changed(ctx, a, siteID, "news.edit", key)
	if n.Published && (!slices.Equal(tags, n.Tags) || cover != n.CoverURL) {
		return n, s.syndicate(ctx, n) // tags and cover apply at once; texts wait for publishing
	}
	return n, nil
}

// apply validates the input and writes it into n: texts into Draft on a published item.
func (s *News) apply(ctx context.Context, n *sitecore.News, in NewsInput, prefix string) error {
	site, err := s.Sites.FindSiteByID(ctx, n.SiteID)
	if err != nil {
		return err
	}
	var others []*sitecore.News
	if len(in.Text) > 0 {
		if others, _, err = s.Content.ListAllNews(ctx, n.SiteID, 0, 0); err != nil {
			return err
		}
	}
	for _, l := range sortedKeys(in.Text) {
		lang := sitecore.Lang(l)
		if !site.HasLang(lang) {
			return sitecore.Invalid(prefix+l, "lang.unsupported", "value", l)
		}
		t, err := validNewsText(prefix+l+".", in.Text[l])
		if err != nil {
			return err
		}
		for _, o := range others {
			if o.Key == n.Key {
				continue
			}
			for _, m := range []map[sitecore.Lang]sitecore.NewsText{o.Text, o.Draft} {
				if x, ok := m[lang]; ok && x.Slug == t.Slug {
					return sitecore.Conflictf(prefix+l+".slug", "slug.taken_news", "value", t.Slug)
				}
			}
		}
		if n.Published {
			if n.Draft == nil {
				n.Draft = map[sitecore.Lang]sitecore.NewsText{}
			}
			n.Draft[lang] = t
		} else {
			n.Text[lang] = t
		}
	}
	if in.CoverID != nil {
		n.CoverID, n.CoverURL = strings.TrimSpace(*in.CoverID), ""
		if n.CoverID != "" {
			if s.Media == nil {
				return sitecore.Invalid("cover_id", "media.unknown")
			}
			url, err := s.Media(ctx, n.SiteID, n.CoverID)
			if sitecore.ErrorCode(err) == sitecore.ENotFound {
				return sitecore.Invalid("cover_id", "media.unknown")
			}
			if err != nil {
				return err
			}
			n.CoverURL = url
		}
	}
	if in.Tags != nil {
		tags := []string{}
		for _, t := range *in.Tags {
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "" || utf8.RuneCountInString(t) > maxTagLen || strings.ContainsAny(t, "/?#<>\"") {
				return sitecore.Invalid("tags", "news.tag_invalid")
			}
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		if len(tags) > maxTags {
			return sitecore.Invalid("tags", "news.tag_invalid")
		}
		n.Tags = tags
	}
	if in.NoComments != nil {
		n.NoComments = *in.NoComments
	}
	return nil
}

func validNewsText(prefix string, t NewsText) (sitecore.NewsText, error) {
	title := strings.TrimSpace(t.Title)
	summary := strings.TrimSpace(t.Summary)
	switch {
	case title == "":
		return sitecore.NewsText{}, sitecore.Invalid(prefix+"title", "field.required")
	case utf8.RuneCountInString(title) > maxTitleLen:
		return sitecore.NewsText{}, sitecore.Invalid(prefix+"title", "field.too_long", "max", strconv.Itoa(maxTitleLen))
	case !slugRE.MatchString(t.Slug):
		return sitecore.NewsText{}, sitecore.Invalid(prefix+"slug", "page.key_invalid")
	case utf8.RuneCountInString(summary) > maxSummaryLen:
		return sitecore.NewsText{}, sitecore.Invalid(prefix+"summary", "field.too_long", "max", strconv.Itoa(maxSummaryLen))
	case utf8.RuneCountInString(t.Body) > maxBodyLen:
		return sitecore.NewsText{}, sitecore.Invalid(prefix+"body", "field.too_long", "max", strconv.Itoa(maxBodyLen))
	}
	body := RichText(t.Body)
	if summary == "" {
		summary = truncate(PlainText(body), 200)
	} else {
		summary = PlainText(summary)
	}
	return sitecore.NewsText{Title: title, Slug: t.Slug, Summary: summary, Body: body}, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// SetPublished publishes (with any draft) or unpublishes an item; it needs news:publish.
// Copies on other sites follow.
func (s *News) SetPublished(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, published bool) (*sitecore.News, error) {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	return n, s.cycle().setPublished(ctx, a, siteID, key, n, published)
}

func (s *News) setPublished(ctx context.Context, a sitecore.Actor, n *sitecore.News, published bool) error {
	now := s.now().UTC()
	if published {
		if n.Text == nil {
			n.Text = map[sitecore.Lang]sitecore.NewsText{}
		}
		maps.Copy(n.Text, n.Draft)
		n.Draft = nil
		if !n.Published || n.PublishedAt.IsZero() {
			n.PublishedAt = now
		}
		if n.Source == nil {
			n.Revision++
		}
	}
	n.Published = published
	n.UpdatedAt = now
	if err := s.Content.UpsertNews(ctx, n); err != nil {
		return err
	}
	if published && n.Source == nil {
		s.revision(ctx, a, n, "publish")
	}
	if err := s.reindex(ctx, n); err != nil {
		return err
	}
	action := "news.unpublish"
	if published {
		action = "news.publish"
	}
	s.changed(ctx, a, n.SiteID, action, n.Key)
	if err := s.propagate(ctx, n); err != nil {
		return err
	}
	return s.syndicate(ctx, n)
}

// propagate copies the source's public state to every republished copy.
func (s *News) propagate(ctx context.Context, src *sitecore.News) error {
	if src.Source != nil {
		return nil
	}
	copies, err := s.Content.FindNewsCopies(ctx, src.SiteID, src.Key)
	if err != nil || len(copies) == 0 {
		return err
	}
	site, err := s.Sites.FindSiteByID(ctx, src.SiteID)
	if err != nil {
		return err
	}
	for _, c := range copies {
		s.follow(c, src, site)
		if err := s.Content.UpsertNews(ctx, c); err != nil {
			return err
		}
		if err := s.reindex(ctx, c); err != nil {
			return err
		}
		if s.OnChange != nil {
			s.OnChange(c.SiteID)
		}
	}
	return nil
}

// follow makes the copy c show what its source shows.
func (s *News) follow(c, src *sitecore.News, site *sitecore.Site) {
	c.Text = maps.Clone(src.Text)
	c.Published = src.Published
	c.CoverURL, c.Tags = src.CoverURL, slices.Clone(src.Tags)
	c.UpdatedAt = s.now().UTC()
	if c.PublishedAt.IsZero() {
		c.PublishedAt = c.UpdatedAt
	}
	c.Source = &sitecore.NewsSource{SiteID: src.SiteID, Key: src.Key, SiteName: map[sitecore.Lang]string{}, URL: map[sitecore.Lang]string{}}
	base := ""
	if s.SiteURL != nil {
		base = s.SiteURL(site)
	}
	for l, t := range src.Text {
		c.Source.SiteName[l] = site.Name(l)
		c.Source.URL[l] = base + NewsPath(l, t.Slug)
	}
}

// NewsPath is a news item's public path in a language.
func NewsPath(l sitecore.Lang, slug string) string { return "/" + string(l) + "/news/" + slug }

func (s *News) reindex(ctx context.Context, n *sitecore.News) error {
	if s.Index == nil {
		return nil
	}
	var docs []sitecore.SearchDoc
	if n.Published {
		for l, t := range n.Text {
			docs = append(docs, sitecore.SearchDoc{SiteID: n.SiteID, Kind: sitecore.SearchNews, Key: n.Key, Lang: l,
				Title: t.Title, Body: t.Body, Path: NewsPath(l, t.Slug), PublishedAt: n.PublishedAt})
		}
	}
	return s.Index.IndexItem(ctx, n.SiteID, sitecore.SearchNews, n.Key, docs)
}

// Reindex hands a stored item to the search index again (seeding, repairs).
func (s *News) Reindex(ctx context.Context, n *sitecore.News) error { return s.reindex(ctx, n) }

// Delete removes an item; it needs news:publish. Copies elsewhere are unpublished, since
// their source is gone.
func (s *News) Delete(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string) error {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return err
	}
	if err := s.cycle().timer.cancel(ctx, siteID, key, &n.PublishAt); err != nil {
		return err
	}
	if s.Index != nil {
		if err := s.Index.IndexItem(ctx, siteID, sitecore.SearchNews, key, nil); err != nil {
			return err
		}
	}
	if err := s.Content.DeleteNews(ctx, siteID, key); err != nil {
		return err
	}
	s.changed(ctx, a, siteID, "news.delete", key)
	n.Published = false
	if err := s.propagate(ctx, n); err != nil {
		return err
	}
	return s.syndicate(ctx, n)
}

// Schedule sets a time at which the item (with its draft) is published.
func (s *News) Schedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, at time.Time) (*sitecore.News, error) {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	if err := s.cycle().schedule(ctx, a, siteID, key, n, at); err != nil {
		return nil, err
	}
	return n, nil
}

// cycle is the item's publish lifecycle (shared with pages, schedule.go).
func (s *News) cycle() lifecycle[*sitecore.News] {
	return lifecycle[*sitecore.News]{
		timer: publishTimer{sch: s.Scheduler, kind: sitecore.SearchNews, now: s.now()}, noun: "news",
		find: s.Content.FindNewsByKey, save: s.Content.UpsertNews,
		plan:    func(n *sitecore.News) **time.Time { return &n.PublishAt },
		touch:   func(n *sitecore.News) { n.UpdatedAt = s.now().UTC() },
		publish: s.setPublished, changed: s.changed,
	}
}

// Unschedule cancels a scheduled publish.
func (s *News) Unschedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string) (*sitecore.News, error) {
	n, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	if err := s.cycle().unschedule(ctx, a, siteID, key, n); err != nil {
		return nil, err
	}
	return n, nil
}

// PublishScheduled is what the durable timer calls at the set time.
func (s *News) PublishScheduled(ctx context.Context, siteID int64, key string, at time.Time) (bool, error) {
	return s.cycle().publishScheduled(ctx, siteID, key, at)
}

// FeedItem is a news item of the platform-wide feed other schools republish from.
type FeedItem struct {
	SiteID      int64     `json:"site_id"`
	SiteName    string    `json:"site_name"`
	Key         string    `json:"key"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	URL         string    `json:"url"`
	CoverURL    string    `json:"cover_url,omitempty"`
	PublishedAt time.Time `json:"published_at"`
}

// Feed lists published original news of every school in lang, newest first; before pages
// back. Any logged-in user may browse it: it holds only what is public anyway.
func (s *News) Feed(ctx context.Context, p *sitecore.Principal, lang sitecore.Lang, before time.Time, limit int) ([]FeedItem, error) {
	if !p.LoggedIn() {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	}
	items, _, err := s.Content.QueryNews(ctx, sitecore.NewsQuery{Lang: lang, Originals: true, Before: before, Limit: clampLimit(limit)})
	if err != nil {
		return nil, err
	}
	sites := map[int64]*sitecore.Site{}
	out := []FeedItem{}
	for _, n := range items {
		site, ok := sites[n.SiteID]
		if !ok {
			if site, err = s.Sites.FindSiteByID(ctx, n.SiteID); err != nil {
				return nil, err
			}
			sites[n.SiteID] = site
		}
		if site.Status != sitecore.SiteActive {
			continue
		}
		t := n.Text[lang]
		base := ""
		if s.SiteURL != nil {
			base = s.SiteURL(site)
		}
		out = append(out, FeedItem{SiteID: n.SiteID, SiteName: site.Name(lang), Key: n.Key, Title: t.Title, Summary: t.Summary,
			URL: base + NewsPath(lang, t.Slug), CoverURL: n.CoverURL, PublishedAt: n.PublishedAt})
	}
	return out, nil
}

// Republish puts another school's published news item on the site, with attribution and a
// canonical link to the original; it needs news:publish on the site. Only originals can be
// republished, and only once per site, so republishing never loops.
func (s *News) Republish(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, sourceSite int64, sourceKey string) (*sitecore.News, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, newsResource()); err != nil {
		return nil, err
	}
	if sourceSite == siteID {
		return nil, sitecore.Invalid("source_site_id", "republish.own")
	}
	src, err := s.Content.FindNewsByKey(ctx, sourceSite, sourceKey)
	if sitecore.ErrorCode(err) == sitecore.ENotFound || (err == nil && !src.Published) {
		return nil, sitecore.Invalid("source_key", "not_found.news")
	}
	if err != nil {
		return nil, err
	}
	if src.Source != nil {
		return nil, sitecore.Invalid("source_key", "republish.copy")
	}
	srcSite, err := s.Sites.FindSiteByID(ctx, sourceSite)
	if err != nil || srcSite.Status != sitecore.SiteActive {
		return nil, sitecore.Invalid("source_site_id", "not_found.news")
	}
	copies, err := s.Content.FindNewsCopies(ctx, sourceSite, sourceKey)
	if err != nil {
		return nil, err
	}
	for _, c := range copies {
		if c.SiteID == siteID {
			return nil, sitecore.Conflictf("source_key", "republish.exists", "value", c.Key)
		}
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	c := &sitecore.News{SiteID: siteID, Key: "r" + strconv.FormatInt(sourceSite, 10) + "-" + sourceKey}
	if len(c.Key) > 64 {
		c.Key = c.Key[:64]
	}
	s.follow(c, src, srcSite)
	c.PublishedAt = s.now().UTC()
	for l := range c.Text {
		if !site.HasLang(l) {
			delete(c.Text, l)
		}
	}
	if len(c.Text) == 0 {
		return nil, sitecore.Invalid("source_key", "lang.unsupported", "value", "")
	}
	if err := s.Content.UpsertNews(ctx, c); err != nil {
		return nil, err
	}
	if err := s.reindex(ctx, c); err != nil {
		return nil, err
	}
	s.changed(ctx, a, siteID, "news.republish", c.Key)
	return c, nil
}

func (s *News) changed(ctx context.Context, a sitecore.Actor, siteID int64, action, target string) {
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	audit(ctx, s.Audit, a, siteID, action, target)
}
