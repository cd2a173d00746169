package site

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/mektep/mektep/sitecore"
)

// pageCache keeps rendered public pages per site, with their ETag.
type pageCache struct {
	ttl time.Duration
	max int
	mu  sync.RWMutex
	m   map[int64]map[string]*cachedPage
	n   int
	// fast finds a page by what a request for it carries, without routing it (fast.go).
	fast map[fastKey]fastEntry
}

type cachedPage struct {
	body     []byte
	etag     string
	modified time.Time
	status   int
	ctype    string // "" is HTML
	lang     sitecore.Lang
	expires  time.Time

	// The compressed copies, made once on the first request that accepts them (a page
	// rendered for one request only, with the cache off, is sent as it is).
	gzOnce, brOnce sync.Once
	gz, br         []byte

	// Header values that never change for the page, made once and shared by every answer
	// (one-element slices with no spare capacity: an Add copies instead of writing into them).
	hdrOnce                  sync.Once
	hdrLastModified, hdrLang []string
	hdrPlain, hdrGz, hdrBr   reprHeaders
}

// reprHeaders are the ETag and Content-Length of one representation (plain, gzip, brotli).
type reprHeaders struct{ etag, length []string }

func oneValue(v string) []string { return []string{v}[:1:1] }

// headers makes the page's constant header values (once).
func (p *cachedPage) headers() *cachedPage {
	p.hdrOnce.Do(func() {
		p.hdrLastModified = oneValue(p.modified.UTC().Format(http.TimeFormat))
		if p.lang != "" {
			p.hdrLang = oneValue(string(p.lang))
		}
		p.hdrPlain = reprHeaders{oneValue(p.etag), oneValue(strconv.Itoa(len(p.body)))}
	})
	return p
}

// minCompress is the smallest body worth compressing: below it the encoding's own overhead
// and the CPU are not paid back.
const minCompress = 1024

// compressible reports whether the page is text that compression shrinks.
func (p *cachedPage) compressible() bool {
	if len(p.body) < minCompress {
		return false
	}
	t := p.ctype
	return t == "" || strings.HasPrefix(t, "text/") || strings.Contains(t, "xml") ||
		strings.Contains(t, "json") || strings.Contains(t, "javascript")
}

// gzipped is the gzip copy of the body (nil when it would not be smaller).
func (p *cachedPage) gzipped() []byte {
	p.gzOnce.Do(func() {
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = w.Write(p.body)
		if w.Close() == nil && b.Len() < len(p.body) {
			p.gz = b.Bytes()
			p.hdrGz = reprHeaders{oneValue(strings.TrimSuffix(p.etag, `"`) + `-gz"`), oneValue(strconv.Itoa(len(p.gz)))}
		}
	})
	return p.gz
}

// brotlied is the brotli copy of the body (nil when it would not be smaller). Quality 6
// costs about as much as gzip's best and is a tenth smaller; 11 would take tens of
// milliseconds per page.
func (p *cachedPage) brotlied() []byte {
	p.brOnce.Do(func() {
		var b bytes.Buffer
		w := brotli.NewWriterLevel(&b, 6)
		_, _ = w.Write(p.body)
		if w.Close() == nil && b.Len() < len(p.body) {
			p.br = b.Bytes()
			p.hdrBr = reprHeaders{oneValue(strings.TrimSuffix(p.etag, `"`) + `-br"`), oneValue(strconv.Itoa(len(p.br)))}
		}
	})
	return p.br
}

func newPageCache(ttl time.Duration, max int) *pageCache {
	return &pageCache{ttl: ttl, max: max, m: make(map[int64]map[string]*cachedPage), fast: make(map[fastKey]fastEntry)}
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
		clear(c.fast)
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
	clear(c.fast)
	c.n = 0
	c.mu.Unlock()
}

func (c *pageCache) invalidate(siteID int64) {
	c.mu.Lock()
	c.n -= len(c.m[siteID])
	delete(c.m, siteID)
	for k, e := range c.fast {
		if e.siteID == siteID {
			delete(c.fast, k)
		}
	}
	c.mu.Unlock()
}
