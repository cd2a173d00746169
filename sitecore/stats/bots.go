package stats

import (
	"bytes"
	"strings"
)

// botMarks are substrings of the User-Agent of crawlers, monitors, link previews and
// scripts, lowercased. Browsers contain none of them.
var botMarks = []string{"bot", "crawl", "spider", "slurp", "headless", "curl", "wget", "python-requests",
	"python-urllib", "aiohttp", "httpx", "go-http-client", "java/", "okhttp", "apache-httpclient", "axios",
	"node-fetch", "undici", "libwww", "scrapy", "phantomjs", "puppeteer", "playwright", "lighthouse",
	"pingdom", "uptime", "monitor", "facebookexternalhit", "preview", "feedfetcher", "mediapartners",
	"http://", "https://", "wrk", "apachebench", "hey/", "k6/", "postman"}

// IsBot reports whether a request with this User-Agent is automated: no User-Agent at all,
// or one naming a crawler, monitor or HTTP library. Such requests are not visits.
func IsBot(userAgent string) bool {
	if strings.TrimSpace(userAgent) == "" {
		return true
	}
	// Lowercase ASCII into a buffer on the stack: this runs on every public request.
	var buf [512]byte
	b := buf[:min(len(userAgent), len(buf))]
	for i := range b {
		c := userAgent[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	for _, m := range botMarks {
		if bytes.Contains(b, []byte(m)) {
			return true
		}
	}
	return false
}
