// Package cms is the service layer of school content managed from the control panel. Every
// method takes the principal and checks it with sitecore.Authorize against the exact
// resource (for pages: the page with its ancestors, so subtree delegations apply).
//
// Pages form a tree; an edit of a published page is a draft until someone with publish
// rights publishes it (at once or at a set time through a durable Temporal timer); every edit
// and publish is a revision that can be restored.
package cms

import (
	"cmp"
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Auditor records administrative actions.
type Auditor interface {
	Audit(ctx context.Context, a *sitecore.AuditEntry) error
}

// Scheduler keeps durable timers that publish content at a set time (a Temporal workflow
// per item). Schedule replaces an earlier timer of the same item.
type Scheduler interface {
	SchedulePublish(ctx context.Context, siteID int64, kind, key string, at time.Time) error
	CancelPublish(ctx context.Context, siteID int64, kind, key string) error
}

// Pages manages a site's page tree.
type Pages struct {
	Content   sitecore.ContentStore
	Sites     sitecore.SiteStore
	Audit     Auditor
	Index     sitecore.SearchIndexer // may be nil
	Scheduler Scheduler              // may be nil: scheduling is then refused
	// OnChange is told about every change so caches drop the site's pages.
	OnChange func(siteID int64)
	Now      func() time.Time
	Log      *slog.Logger // nil: slog.Default()
}

func (s *Pages) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var (
	keyRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)
)

const (
	maxTitleLen       = 200
	maxDescriptionLen = 300
	maxBodyLen        = 200_000
	keepRevisions     = 50
	maxDepth          = 8
)

// reservedSlugs are the paths the public site uses itself.
var reservedSlugs = []string{"search", "gallery", "login", "admissions", "feed.rss", "feed.atom", "media", "helpdesk", "comments"}

// pageResource is the pages section as a resource with the page's path.
func pageResource(path []string) sitecore.Resource {
	return sitecore.Resource{Section: sitecore.SectionPages, PagePath: path}
}

// List returns the pages the principal may view: all of them with section-wide access, or
// the subtrees their delegations cover.
func (s *Pages) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]*sitecore.Page, error) {
	return s.list(ctx, p, siteID, s.Content.ListPages)
}

// Outline is List without the pages' bodies (the panel's tree), read from the content index.
func (s *Pages) Outline(ctx context.Context, p *sitecore.Principal, siteID int64) ([]*sitecore.Page, error) {
	return s.list(ctx, p, siteID, s.Content.PageOutline)
}

func (s *Pages) list(ctx context.Context, p *sitecore.Principal, siteID int64,
	read func(context.Context, int64) ([]*sitecore.Page, error)) ([]*sitecore.Page, error) {
	if !sitecore.MayEnterSection(p, siteID, sitecore.SectionPages, sitecore.ActionView) {
		return nil, sitecore.Authorize(p, siteID, sitecore.ActionView, pageResource(nil))
	}
	all, err := read(ctx, siteID)
	if err != nil {
		return nil, err
	}
	parent := parents(all)
	out := []*sitecore.Page{}
	for _, pg := range all {
		if sitecore.Authorize(p, siteID, sitecore.ActionView, pageResource(pathOf(parent, pg.Key))) == nil {
			out = append(out, pg)
		}
	}
	return out, nil
}

// Get returns one page with everything an editor sees (draft, schedule).
func (s *Pages) Get(ctx context.Context, p *sitecore.Principal, siteID int64, key string) (*sitecore.Page, error) {
	return s.authorized(ctx, p, siteID, key, sitecore.ActionView)
}

func parents(all []*sitecore.Page) map[string]string {
	parent := make(map[string]string, len(all))
	for _, pg := range all {
		parent[pg.Key] = pg.Parent
	}
	return parent
}

// pathOf builds a page's path from a parent map.
func pathOf(parent map[string]string, key string) []string {
	var path []string
	for k := key; k != "" && len(path) < 32; k = parent[k] {
		path = append(path, k)
	}
	slices.Reverse(path)
	return path
}

// PageText is the text of a page in one language as an editor submits it. Body is HTML
// (sanitized with an allow-list) or plain text (paragraphs at blank lines).
type PageText struct {
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Body        string `json:"body"`
	Description string `json:"description"`
	SEOTitle    string `json:"seo_title"`
}

// NewPage is a request to create a page (as a draft) under a parent.
type NewPage struct {
	Key    string              `json:"key"`
	Parent string              `json:"parent"`
	Text   map[string]PageText `json:"text"`
}

// Create adds a draft page. Under a parent it needs pages:edit on the parent's subtree; at
// the top, on the whole section.
func (s *Pages) Create(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in NewPage) (*sitecore.Page, error) {
	parentPath, err := s.parentPath(ctx, p, siteID, in.Parent, "parent")
	if err != nil {
		return nil, err
	}
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, pageResource(parentPath)); err != nil {
		return nil, err
	}
	if len(parentPath) >= maxDepth {
		return nil, sitecore.Invalid("parent", "page.too_deep", "max", strconv.Itoa(maxDepth))
	}
	if !keyRE.MatchString(in.Key) {
		return nil, sitecore.Invalid("key", "page.key_invalid")
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Content.FindPageByKey(ctx, siteID, in.Key); err == nil {
		return nil, sitecore.Conflictf("key", "page.key_taken", "value", in.Key)
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, err
	}
	if len(in.Text) == 0 {
		return nil, sitecore.Invalid("text", "field.required")
	}
	pg := &sitecore.Page{SiteID: siteID, Key: in.Key, Parent: in.Parent, Kind: sitecore.PageStandard,
		Text: map[sitecore.Lang]sitecore.PageText{}, UpdatedAt: s.now().UTC()}
	existing, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	pg.Position = len(siblings(existing, in.Parent, ""))
	for _, l := range sortedKeys(in.Text) {
		lang := sitecore.Lang(l)
		if !site.HasLang(lang) {
			return nil, sitecore.Invalid("text."+l, "lang.unsupported", "value", l)
		}
		pt, err := validText("text."+l, in.Text[l], false)
		if err != nil {
			return nil, err
		}
		if err := slugFree(existing, in.Key, lang, pt.Slug, "text."+l+".slug"); err != nil {
			return nil, err
		}
		pg.Text[lang] = pt
	}
	pg.Revision = 1
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.revision(ctx, a, pg, "edit", pg.Text)
	s.changed(ctx, a, siteID, "page.create", in.Key)
	return pg, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parentPath resolves a parent key to its path ("" is the top, an empty path). A parent the
// principal cannot know about is "not found" for the site, a missing one an invalid field.
func (s *Pages) parentPath(ctx context.Context, p *sitecore.Principal, siteID int64, parent, field string) ([]string, error) {
	if parent == "" {
		return nil, nil
	}
	path, err := s.Content.PagePath(ctx, siteID, parent)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		if aerr := sitecore.Authorize(p, siteID, sitecore.ActionEdit, pageResource(nil)); aerr != nil && sitecore.ErrorCode(aerr) == sitecore.ENotFound {
			return nil, aerr
		}
		return nil, sitecore.Invalid(field, "not_found.page")
	}
	return path, err
}

// Update replaces a page's text in one language; it needs pages:edit on the page's subtree.
// On a published page the change is a draft until published.
func (s *Pages) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key, lang string, t PageText) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionEdit)
	if err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	l := sitecore.Lang(lang)
	if !site.HasLang(l) {
		return nil, sitecore.Invalid("lang", "lang.unsupported", "value", lang)
	}
	pt, err := validText("", t, pg.Kind == sitecore.PageHome)
	if err != nil {
		return nil, err
	}
	if pg.Kind != sitecore.PageHome {
		existing, err := s.Content.ListPages(ctx, siteID)
		if err != nil {
			return nil, err
		}
		if err := slugFree(existing, key, l, pt.Slug, "slug"); err != nil {
			return nil, err
		}
	}
	if pg.Published {
		if pg.Draft == nil {
			pg.Draft = map[sitecore.Lang]sitecore.PageText{}
		}
		pg.Draft[l] = pt
	} else {
		pg.Text[l] = pt
	}
	pg.Revision++
	pg.UpdatedAt = s.now().UTC()
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.revision(ctx, a, pg, "edit", working(pg))
	s.changed(ctx, a, siteID, "page.edit", key+"/"+lang)
	return pg, nil
}

// working is the text an editor sees in every language.
func working(pg *sitecore.Page) map[sitecore.Lang]sitecore.PageText {
	out := make(map[sitecore.Lang]sitecore.PageText, len(pg.Text)+len(pg.Draft))
	for l, t := range pg.Text {
		out[l] = t
	}
	for l, t := range pg.Draft {
		out[l] = t
	}
	return out
}

// SetPublished publishes (with any draft) or unpublishes a page; it needs pages:publish on
// its subtree. Publishing cancels a scheduled publish.
func (s *Pages) SetPublished(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, published bool) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	if !published && pg.Kind == sitecore.PageHome {
		return nil, sitecore.Invalid("key", "page.home_fixed")
	}
	if err := s.cycle().setPublished(ctx, a, siteID, key, pg, published); err != nil {
		return nil, err
	}
	return pg, nil
}

func (s *Pages) setPublished(ctx context.Context, a sitecore.Actor, pg *sitecore.Page, published bool) error {
	now := s.now().UTC()
	if published {
		pg.Text = working(pg)
		pg.Draft = nil
		pg.PublishedAt = now
		pg.Revision++
	}
	pg.Published = published
	pg.UpdatedAt = now
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return err
	}
	action := "page.unpublish"
	if published {
		action = "page.publish"
		s.revision(ctx, a, pg, "publish", pg.Text)
	}
	if err := s.reindex(ctx, pg); err != nil {
		return err
	}
	s.changed(ctx, a, pg.SiteID, action, pg.Key)
	return nil
}

// reindex hands the page's public text to the search index (nothing when unpublished).
func (s *Pages) reindex(ctx context.Context, pg *sitecore.Page) error {
	if s.Index == nil {
		return nil
	}
	var docs []sitecore.SearchDoc
	if pg.Published {
		for l, t := range pg.Text {
			docs = append(docs, sitecore.SearchDoc{SiteID: pg.SiteID, Kind: sitecore.SearchPage, Key: pg.Key, Lang: l,
				Title: t.Title, Body: t.Body, Path: PagePath(l, t.Slug), PublishedAt: pg.PublishedAt})
		}
	}
	return s.Index.IndexItem(ctx, pg.SiteID, sitecore.SearchPage, pg.Key, docs)
}

// Reindex hands a stored page to the search index again (seeding, repairs).
func (s *Pages) Reindex(ctx context.Context, pg *sitecore.Page) error { return s.reindex(ctx, pg) }

// PagePath is a page's public path in a language.
func PagePath(l sitecore.Lang, slug string) string {
	if slug == "" {
		return "/" + string(l) + "/"
	}
	return "/" + string(l) + "/" + slug
}

// Schedule sets a time at which the page (with its draft) is published; it needs
// pages:publish. The timer is durable: it fires after restarts of every process.
func (s *Pages) Schedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, at time.Time) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	if err := s.cycle().schedule(ctx, a, siteID, key, pg, at); err != nil {
		return nil, err
	}
	return pg, nil
}

// cycle is the page's publish lifecycle (shared with news, schedule.go).
func (s *Pages) cycle() lifecycle[*sitecore.Page] {
	return lifecycle[*sitecore.Page]{
		timer: publishTimer{sch: s.Scheduler, kind: sitecore.SearchPage, now: s.now()}, noun: "page",
		find: s.Content.FindPageByKey, save: s.Content.UpsertPage,
		plan:    func(pg *sitecore.Page) **time.Time { return &pg.PublishAt },
		touch:   func(pg *sitecore.Page) { pg.UpdatedAt = s.now().UTC() },
		publish: s.setPublished, changed: s.changed,
	}
}

// Unschedule cancels a scheduled publish.
func (s *Pages) Unschedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	if err := s.cycle().unschedule(ctx, a, siteID, key, pg); err != nil {
		return nil, err
	}
	return pg, nil
}

// PublishScheduled is what the durable timer calls at the set time: it publishes the page if
// the schedule is still the one the timer was set for (a later change of plan wins).
// It reports whether it published.
func (s *Pages) PublishScheduled(ctx context.Context, siteID int64, key string, at time.Time) (bool, error) {
	return s.cycle().publishScheduled(ctx, siteID, key, at)
}

// Placement moves a page in the tree and sets its visibility in menus.
type Placement struct {
	Parent   *string `json:"parent"`   // nil keeps the parent; "" moves to the top
	Position *int    `json:"position"` // among the new siblings, from 0
	Hidden   *bool   `json:"hidden"`
}

// Place moves, reorders or hides a page. It needs pages:edit on the page and on the new
// parent's subtree; a page cannot move under itself.
func (s *Pages) Place(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, in Placement) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionEdit)
	if err != nil {
		return nil, err
	}
	all, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	parent := pg.Parent
	if in.Parent != nil && *in.Parent != pg.Parent {
		if pg.Kind == sitecore.PageHome {
			return nil, sitecore.Invalid("parent", "page.home_fixed")
		}
		newPath, err := s.parentPath(ctx, p, siteID, *in.Parent, "parent")
		if err != nil {
			return nil, err
		}
		if slices.Contains(newPath, key) {
			return nil, sitecore.Invalid("parent", "page.cycle")
		}
		if len(newPath)+subtreeDepth(all, key) > maxDepth {
			return nil, sitecore.Invalid("parent", "page.too_deep", "max", strconv.Itoa(maxDepth))
		}
		if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, pageResource(newPath)); err != nil {
			return nil, err
		}
		parent = *in.Parent
	}
	if in.Position != nil && *in.Position < 0 {
		return nil, sitecore.Invalid("position", "field.type")
	}
	now := s.now().UTC()
	if in.Parent != nil || in.Position != nil {
		sibs := siblings(all, parent, key)
		pos := len(sibs)
		if in.Position != nil {
			pos = min(*in.Position, len(sibs))
		} else if parent == pg.Parent {
			pos = min(pg.Position, len(sibs))
		}
		pg.Parent = parent
		sibs = slices.Insert(sibs, pos, pg)
		for i, sp := range sibs {
			if sp.Key == key || sp.Position != i {
				sp.Position = i
				if sp.Key != key {
					sp.UpdatedAt = now
					if err := s.Content.UpsertPage(ctx, sp); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	if in.Hidden != nil {
		pg.Hidden = *in.Hidden
	}
	pg.UpdatedAt = now
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.changed(ctx, a, siteID, "page.place", key)
	return pg, nil
}

// siblings are the pages under parent in position order, without the page skip.
func siblings(all []*sitecore.Page, parent, skip string) []*sitecore.Page {
	var out []*sitecore.Page
	for _, pg := range all {
		if pg.Parent == parent && pg.Key != skip && pg.Kind != sitecore.PageHome {
			out = append(out, pg)
		}
	}
	slices.SortStableFunc(out, func(a, b *sitecore.Page) int { return a.Position - b.Position })
	return out
}

// subtreeDepth is how many levels the page's subtree has (1 for a leaf).
func subtreeDepth(all []*sitecore.Page, key string) int {
	d := 1
	for _, pg := range all {
		if pg.Parent == key {
			d = max(d, 1+subtreeDepth(all, pg.Key))
		}
	}
	return d
}

// Delete removes a page without children; it needs pages:publish on its subtree. The home
// and news pages stay.
func (s *Pages) Delete(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string) error {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return err
	}
	if pg.Kind == sitecore.PageHome || pg.Kind == sitecore.PageNews {
		return sitecore.Invalid("key", "page.home_fixed")
	}
	all, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return err
	}
	for _, c := range all {
		if c.Parent == key {
			return sitecore.Conflictf("key", "page.has_children", "value", c.Key)
		}
	}
	if err := s.cycle().timer.cancel(ctx, siteID, key, &pg.PublishAt); err != nil {
		return err
	}
	if s.Index != nil {
		if err := s.Index.IndexItem(ctx, siteID, sitecore.SearchPage, key, nil); err != nil {
			return err
		}
	}
	if err := s.Content.DeletePage(ctx, siteID, key); err != nil {
		return err
	}
	s.changed(ctx, a, siteID, "page.delete", key)
	return nil
}

// Revisions lists a page's saved versions, newest first.
func (s *Pages) Revisions(ctx context.Context, p *sitecore.Principal, siteID int64, key string) ([]*sitecore.PageRevision, error) {
	if _, err := s.authorized(ctx, p, siteID, key, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Content.ListPageRevisions(ctx, siteID, key)
}

// Restore makes a revision's text the page's working text again (a draft on a published
// page); it needs pages:edit.
func (s *Pages) Restore(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, rev int) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionEdit)
	if err != nil {
		return nil, err
	}
	r, err := s.Content.FindPageRevision(ctx, siteID, key, rev)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, sitecore.Invalid("rev", "not_found.revision")
	}
	if err != nil {
		return nil, err
	}
	all, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	for l, t := range r.Text {
		if pg.Kind != sitecore.PageHome {
			if err := slugFree(all, key, l, t.Slug, "rev"); err != nil {
				return nil, err
			}
		}
	}
	if pg.Published {
		pg.Draft = r.Text
	} else {
		pg.Text = r.Text
	}
	pg.Revision++
	pg.UpdatedAt = s.now().UTC()
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.revision(ctx, a, pg, "restore", working(pg))
	s.changed(ctx, a, siteID, "page.restore", key+"#"+strconv.Itoa(rev))
	return pg, nil
}

// revision stores the page's text as its current revision. The edit itself is already
// stored, so a failure does not fail it: it is logged as an error (the page history then
// lacks this revision).
func (s *Pages) revision(ctx context.Context, a sitecore.Actor, pg *sitecore.Page, event string, text map[sitecore.Lang]sitecore.PageText) {
	saveRevision(ctx, s.Content, s.Log, &sitecore.PageRevision{SiteID: pg.SiteID, Key: pg.Key, Rev: pg.Revision, Event: event,
		Text: text, AuthorID: a.UserID, AuthorName: a.Name, CreatedAt: s.now().UTC()})
}

// saveRevision stores a revision of a page's or a news item's text, keeping the newest
// keepRevisions. The edit itself is already stored, so a failure is logged, not returned.
func saveRevision(ctx context.Context, store sitecore.ContentStore, log *slog.Logger, r *sitecore.PageRevision) {
	if err := store.AddPageRevision(ctx, r, keepRevisions); err != nil {
		cmp.Or(log, slog.Default()).ErrorContext(ctx, "revision not saved", "site", r.SiteID, "key", r.Key,
			"rev", r.Rev, "event", r.Event, "error", err)
	}
}

// authorized loads a page and checks the action on its subtree. A page the principal cannot
// know about (another site's) is not found.
func (s *Pages) authorized(ctx context.Context, p *sitecore.Principal, siteID int64, key string, act sitecore.Action) (*sitecore.Page, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, pageResource([]string{key})); sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil, err
	}
	path, err := s.Content.PagePath(ctx, siteID, key)
	if err != nil {
		return nil, err
	}
	if err := sitecore.Authorize(p, siteID, act, pageResource(path)); err != nil {
		return nil, err
	}
	return s.Content.FindPageByKey(ctx, siteID, key)
}

func (s *Pages) changed(ctx context.Context, a sitecore.Actor, siteID int64, action, target string) {
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	audit(ctx, s.Audit, a, siteID, action, target)
}

func audit(ctx context.Context, au Auditor, a sitecore.Actor, siteID int64, action, target string) {
	if au == nil {
		return
	}
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	_ = au.Audit(ctx, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name,
		Action: action, Target: target, IP: ip, UserAgent: a.UserAgent})
}

// validText checks and converts a submitted text; prefix names the field ("text.kk").
func validText(prefix string, t PageText, home bool) (sitecore.PageText, error) {
	f := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	title := strings.TrimSpace(t.Title)
	desc := strings.TrimSpace(t.Description)
	seo := strings.TrimSpace(t.SEOTitle)
	switch {
	case title == "":
		return sitecore.PageText{}, sitecore.Invalid(f("title"), "field.required")
	case utf8.RuneCountInString(title) > maxTitleLen:
		return sitecore.PageText{}, sitecore.Invalid(f("title"), "field.too_long", "max", strconv.Itoa(maxTitleLen))
	case utf8.RuneCountInString(seo) > maxTitleLen:
		return sitecore.PageText{}, sitecore.Invalid(f("seo_title"), "field.too_long", "max", strconv.Itoa(maxTitleLen))
	case utf8.RuneCountInString(desc) > maxDescriptionLen:
		return sitecore.PageText{}, sitecore.Invalid(f("description"), "field.too_long", "max", strconv.Itoa(maxDescriptionLen))
	case utf8.RuneCountInString(t.Body) > maxBodyLen:
		return sitecore.PageText{}, sitecore.Invalid(f("body"), "field.too_long", "max", strconv.Itoa(maxBodyLen))
	case home:
		t.Slug = "" // the home page lives at /{lang}/
	case !slugRE.MatchString(t.Slug):
		return sitecore.PageText{}, sitecore.Invalid(f("slug"), "page.key_invalid")
	case slices.Contains(reservedSlugs, t.Slug):
		return sitecore.PageText{}, sitecore.Invalid(f("slug"), "slug.reserved", "value", t.Slug)
	}
	return sitecore.PageText{Title: title, Slug: t.Slug, Body: RichText(t.Body), Description: desc, SEOTitle: seo}, nil
}

// slugFree fails when another page uses the slug in the language (published or in a draft).
func slugFree(pages []*sitecore.Page, key string, l sitecore.Lang, slug, field string) error {
	for _, pg := range pages {
		if pg.Key == key {
			continue
		}
		for _, t := range []map[sitecore.Lang]sitecore.PageText{pg.Text, pg.Draft} {
			if x, ok := t[l]; ok && x.Slug == slug && (slug != "" || pg.Kind == sitecore.PageHome) {
				return sitecore.Conflictf(field, "slug.taken_page", "value", slug)
			}
		}
	}
	return nil
}
