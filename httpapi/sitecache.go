package httpapi

import (
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// siteCache maps hosts to active sites for a short time, including misses, so a burst of
// requests for one school or for unknown hosts costs one database query per TTL. It is
// bounded: when full it is cleared, which is crude but cannot be grown by random Host headers.
type siteCache struct {
	ttl, missTTL time.Duration
	max          int
	mu           sync.RWMutex
	m            map[string]siteEntry
}

type siteEntry struct {
	site    *sitecore.Site // nil for a miss
	expires time.Time
}

func newSiteCache(ttl time.Duration, max int) *siteCache {
	miss := min(ttl, 2*time.Second) // a newly activated site appears within this
	return &siteCache{ttl: ttl, missTTL: miss, max: max, m: make(map[string]siteEntry)}
}

func (c *siteCache) get(host string) (*sitecore.Site, bool) {
	c.mu.RLock()
	e, ok := c.m[host]
	c.mu.RUnlock()
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e.site, true
}

func (c *siteCache) put(host string, s *sitecore.Site) {
	ttl := c.ttl
	if s == nil {
		ttl = c.missTTL
	}
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[host] = siteEntry{site: s, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
}

func (c *siteCache) clear() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}

func (c *siteCache) invalidate(siteID int64) {
	c.mu.Lock()
	for h, e := range c.m {
		if e.site == nil || e.site.ID == siteID {
			delete(c.m, h)
		}
	}
	c.mu.Unlock()
}
