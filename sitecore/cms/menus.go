package cms

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Menus edits a site's menus: nested items linking to pages, news items or URLs, with a
// label per language.
type Menus struct {
	Content  sitecore.ContentStore
	Sites    sitecore.SiteStore
	Audit    Auditor
	OnChange func(siteID int64)
}

const (
	maxMenuItems = 100
	maxMenuDepth = 3
)

var menuNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)

func menuResource() sitecore.Resource { return sitecore.Resource{Section: sitecore.SectionMenu} }

// Get returns a menu (menu:view).
func (s *Menus) Get(ctx context.Context, p *sitecore.Principal, siteID int64, name string) (*sitecore.Menu, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, menuResource()); err != nil {
		return nil, err
	}
	return s.Content.FindMenu(ctx, siteID, name)
}

// Put replaces a menu (menu:edit). Every item links to an existing page, an existing news
// item, a site path or an http(s) URL, and has a label in at least one language (a page or
// news link may leave it empty to use the title).
func (s *Menus) Put(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, name string, items []sitecore.MenuItem) (*sitecore.Menu, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, menuResource()); err != nil {
		return nil, err
	}
	if !menuNameRE.MatchString(name) {
		return nil, sitecore.Invalid("name", "page.key_invalid")
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	pages, err := s.Content.ListPages(ctx, siteID)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, pg := range pages {
		known[pg.Key] = true
	}
	count := 0
	var check func(prefix string, items []sitecore.MenuItem, depth int) error
	check = func(prefix string, items []sitecore.MenuItem, depth int) error {
		if depth > maxMenuDepth {
			return sitecore.Invalid(prefix, "menu.too_big", "max", strconv.Itoa(maxMenuItems))
		}
		for i := range items {
			it := &items[i]
			f := prefix + "[" + strconv.Itoa(i) + "]"
			if count++; count > maxMenuItems {
				return sitecore.Invalid(f, "menu.too_big", "max", strconv.Itoa(maxMenuItems))
			}
			targets := 0
			for _, v := range []string{it.PageKey, it.NewsKey, it.URL} {
				if v != "" {
					targets++
				}
			}
			if targets != 1 {
				return sitecore.Invalid(f, "menu.item")
			}
			switch {
			case it.PageKey != "" && !known[it.PageKey]:
				return sitecore.Invalid(f+".page_key", "not_found.page")
			case it.NewsKey != "":
				if _, err := s.Content.FindNewsByKey(ctx, siteID, it.NewsKey); err != nil {
					if sitecore.ErrorCode(err) == sitecore.ENotFound {
						return sitecore.Invalid(f+".news_key", "not_found.news")
					}
					return err
				}
			case it.URL != "":
				if !validMenuURL(it.URL) {
					return sitecore.Invalid(f+".url", "menu.item")
				}
			}
			labels := map[sitecore.Lang]string{}
			for l, v := range it.Label {
				v = strings.TrimSpace(v)
				if !site.HasLang(l) {
					return sitecore.Invalid(f+".label."+string(l), "lang.unsupported", "value", string(l))
				}
				if utf8.RuneCountInString(v) > 100 {
					return sitecore.Invalid(f+".label."+string(l), "field.too_long", "max", "100")
				}
				if v != "" {
					labels[l] = v
				}
			}
			if len(labels) == 0 && it.URL != "" {
				return sitecore.Invalid(f+".label", "menu.item")
			}
			it.Label = labels
			if err := check(f+".children", it.Children, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if items == nil {
		items = []sitecore.MenuItem{}
	}
	if err := check("items", items, 1); err != nil {
		return nil, err
	}
	m := &sitecore.Menu{SiteID: siteID, Name: name, Items: items, UpdatedAt: time.Now().UTC()}
	if err := s.Content.UpsertMenu(ctx, m); err != nil {
		return nil, err
	}
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	audit(ctx, s.Audit, a, siteID, "menu.update", name)
	return m, nil
}

// validMenuURL accepts http(s) URLs and site paths, nothing that could run script.
func validMenuURL(raw string) bool {
	if len(raw) > 500 || strings.ContainsAny(raw, " \t\r\n\"<>") {
		return false
	}
	if strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "//") {
		return true
	}
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
