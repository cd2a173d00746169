package site

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/mektep/mektep/sitecore"
)

// siteContent is a site's page tree and main menu as the public pages need them, loaded once
// per site and kept until the site changes (content writes invalidate it with the page
// cache) or the page-cache TTL passes. Every public render needs both, and with thousands of
// sites the store's per-site queries are the costly part of a render.
type siteContent struct {
	pages   []*sitecore.Page
	menu    *sitecore.Menu
	expires time.Time
}

type siteContentCache struct {
	mu    sync.RWMutex
	m     map[int64]*siteContent
	group singleflight.Group
}

// content returns the site's pages and main menu.
func (s *Server) content(ctx context.Context, siteID int64) (*siteContent, error) {
	c := &s.contents
	c.mu.RLock()
	e := c.m[siteID]
	c.mu.RUnlock()
	if e != nil && time.Now().Before(e.expires) {
		return e, nil
	}
	v, err, _ := c.group.Do(strconv.FormatInt(siteID, 10), func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		pages, err := s.Content.ListPages(ctx, siteID)
		if err != nil {
			return nil, err
		}
		menu, err := s.Content.FindMenu(ctx, siteID, "main")
		if err != nil {
			return nil, err
		}
		e := &siteContent{pages: pages, menu: menu, expires: time.Now().Add(s.PageCacheTTL)}
		c.mu.Lock()
		if c.m == nil || len(c.m) >= 20000 {
			c.m = make(map[int64]*siteContent)
		}
		c.m[siteID] = e
		c.mu.Unlock()
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*siteContent), nil
}

// invalidate drops one site's content (0: every site's).
func (c *siteContentCache) invalidate(siteID int64) {
	c.mu.Lock()
	if siteID == 0 {
		c.m = nil
	} else {
		delete(c.m, siteID)
	}
	c.mu.Unlock()
}

// publishedPage finds the published page whose slug in lang is slug ("" is the home page).
func (c *siteContent) publishedPage(lang sitecore.Lang, slug string) *sitecore.Page {
	for _, p := range c.pages {
		if !p.Published {
			continue
		}
		if t, ok := p.Text[lang]; ok && t.Slug == slug {
			return p
		}
	}
	return nil
}
