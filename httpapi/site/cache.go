package site

import (
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// pageCache keeps rendered public pages per site, with their ETag.
type pageCache struct {
	ttl time.Duration
	max int
	mu  sync.RWMutex
	m   map[int64]map[string]*cachedPage
	n   int
}

type cachedPage struct {
	body     []byte
	etag     string
	modified time.Time
	status   int
	ctype    string // "" is HTML
	lang     sitecore.Lang
	expires  time.Time
}

func newPageCache(ttl time.Duration, max int) *pageCache {
	return &pageCache{ttl: ttl, max: max, m: make(map[int64]map[string]*cachedPage)}
}

func (c *pageCache) get(siteID int64, key string) *cachedPage {
	c.mu.RLock()
	p := c.m[siteID][key]
	c.mu.RUnlock()
	if p == nil || time.Now().After(p.expires) {
		return nil
	}
	return p
}

func (c *pageCache) put(siteID int64, key string, p *cachedPage) {
	p.expires = time.Now().Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.max {
		clear(c.m)
		c.n = 0
	}
	pages := c.m[siteID]
	if pages == nil {
		pages = make(map[string]*cachedPage)
		c.m[siteID] = pages
	}
	if _, ok := pages[key]; !ok {
		c.n++
	}
	pages[key] = p
}

func (c *pageCache) clear() {
	c.mu.Lock()
	clear(c.m)
	c.n = 0
	c.mu.Unlock()
}

func (c *pageCache) invalidate(siteID int64) {
	c.mu.Lock()
	c.n -= len(c.m[siteID])
	delete(c.m, siteID)
	c.mu.Unlock()
}
