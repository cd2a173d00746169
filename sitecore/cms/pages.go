// Package cms is the service layer of school content managed from the control panel. Every
// method takes the principal and checks it with sitecore.Authorize against the exact
// resource (for pages: the page with its ancestors, so subtree delegations apply).
//
// Today it covers the page tree's basics — list, create, edit text, publish — which the
// access rules are proven on; the full CMS (revisions, scheduling, news, menus, media)
// builds on it.
package cms

import (
	"context"
	"html"
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

// Pages manages a site's page tree.
type Pages struct {
	Content sitecore.ContentStore
	Sites   sitecore.SiteStore
	Audit   Auditor
	// OnChange is told about every change so caches drop the site's pages.
	OnChange func(siteID int64)
	Now      func() time.Time
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
	maxTitleLen = 200
	maxBodyLen  = 100_000
)

// pageSection is the pages section as a resource with the page's path.
func pageResource(path []string) sitecore.Resource {
	return sitecore.Resource{Section: sitecore.SectionPages, PagePath: path}
}

// List returns the pages the principal may view: all of them with section-wide access, or
// the subtrees their delegations cover.
func (s *Pages) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]*sitecore.Page, error) {
	if !sitecore.MayEnterSection(p, siteID, sitecore.SectionPages, sitecore.ActionView) {
		return nil, sitecore.Authorize(p, siteID, sitecore.ActionView, pageResource(nil))
	}
	all, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	parent := make(map[string]string, len(all))
	for _, pg := range all {
		parent[pg.Key] = pg.Parent
	}
	out := []*sitecore.Page{}
	for _, pg := range all {
		if sitecore.Authorize(p, siteID, sitecore.ActionView, pageResource(pathOf(parent, pg.Key))) == nil {
			out = append(out, pg)
		}
	}
	return out, nil
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

// PageText is the text of a page in one language as an editor submits it. Body is plain
// text; paragraphs are separated by blank lines (rich HTML with sanitizing comes with the
// full editor).
type PageText struct {
	Title string `json:"title"`
	Slug  string `json:"slug"`
	Body  string `json:"body"`
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
	var parentPath []string
	if in.Parent != "" {
		path, err := s.Content.PagePath(ctx, siteID, in.Parent)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			if aerr := sitecore.Authorize(p, siteID, sitecore.ActionEdit, pageResource(nil)); aerr != nil && sitecore.ErrorCode(aerr) == sitecore.ENotFound {
				return nil, aerr
			}
			return nil, sitecore.Invalid("parent", "not_found.page")
		}
		if err != nil {
			return nil, err
		}
		parentPath = path
	}
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, pageResource(parentPath)); err != nil {
		return nil, err
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
	pg.Position = len(existing)
	for l, t := range in.Text {
		lang := sitecore.Lang(l)
		if !site.HasLang(lang) {
			return nil, sitecore.Invalid("text."+l, "lang.unsupported", "value", l)
		}
		pt, err := validText("text."+l, t, false)
		if err != nil {
			return nil, err
		}
		if err := slugFree(existing, in.Key, lang, pt.Slug, "text."+l+".slug"); err != nil {
			return nil, err
		}
		pg.Text[lang] = pt
	}
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.changed(ctx, a, siteID, "page.create", in.Key)
	return pg, nil
}

// Update replaces a page's text in one language; it needs pages:edit on the page's subtree.
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
	pg.Text[l] = pt
	pg.UpdatedAt = s.now().UTC()
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	s.changed(ctx, a, siteID, "page.edit", key+"/"+lang)
	return pg, nil
}

// SetPublished publishes or unpublishes a page; it needs pages:publish on its subtree.
func (s *Pages) SetPublished(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string, published bool) (*sitecore.Page, error) {
	pg, err := s.authorized(ctx, p, siteID, key, sitecore.ActionPublish)
	if err != nil {
		return nil, err
	}
	pg.Published = published
	pg.UpdatedAt = s.now().UTC()
	if err := s.Content.UpsertPage(ctx, pg); err != nil {
		return nil, err
	}
	action := "page.unpublish"
	if published {
		action = "page.publish"
	}
	s.changed(ctx, a, siteID, action, key)
	return pg, nil
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
	if s.Audit != nil {
		ip := ""
		if a.IP.IsValid() {
			ip = a.IP.String()
		}
		_ = s.Audit.Audit(ctx, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name,
			Action: action, Target: target, IP: ip, UserAgent: a.UserAgent})
	}
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
	switch {
	case title == "":
		return sitecore.PageText{}, sitecore.Invalid(f("title"), "field.required")
	case utf8.RuneCountInString(title) > maxTitleLen:
		return sitecore.PageText{}, sitecore.Invalid(f("title"), "field.too_long", "max", strconv.Itoa(maxTitleLen))
	case utf8.RuneCountInString(t.Body) > maxBodyLen:
		return sitecore.PageText{}, sitecore.Invalid(f("body"), "field.too_long", "max", strconv.Itoa(maxBodyLen))
	case home:
		t.Slug = "" // the home page lives at /{lang}/
	case !slugRE.MatchString(t.Slug):
		return sitecore.PageText{}, sitecore.Invalid(f("slug"), "page.key_invalid")
	}
	return sitecore.PageText{Title: title, Slug: t.Slug, Body: paragraphs(t.Body)}, nil
}

// paragraphs turns plain text into escaped HTML paragraphs.
func paragraphs(text string) string {
	var b strings.Builder
	for para := range strings.SplitSeq(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p>")
		}
	}
	return b.String()
}

// slugFree fails when another page uses the slug in the language.
func slugFree(pages []*sitecore.Page, key string, l sitecore.Lang, slug, field string) error {
	for _, pg := range pages {
		if pg.Key != key && pg.Text[l].Slug == slug && (slug != "" || pg.Kind == sitecore.PageHome) {
			return sitecore.Conflictf(field, "slug.taken_page", "value", slug)
		}
	}
	return nil
}
