package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// MaxBytes is the largest feed read; a bigger one is refused, not truncated.
const MaxBytes = 2 << 20

// ErrTooLarge is returned for a feed over the size limit.
var ErrTooLarge = errors.New("feed: larger than the limit")

// ErrForbiddenAddress is returned when a feed (or a redirect) leads to an address that is
// not public and not allowed by the operator.
var ErrForbiddenAddress = errors.New("feed: address not allowed")

// blocked are the networks a feed may never be fetched from unless the operator allows them:
// loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
// multicast, unspecified and the IPv6 equivalents.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("224.0.0.0/4"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("::/128"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("ff00::/8"),
}

// Allowed reports whether a feed may be fetched from addr: a public address, or one in
// allow (the operator's list, e.g. a partner inside the ministry's network).
func Allowed(addr netip.Addr, allow []netip.Prefix) bool {
	addr = addr.Unmap()
	for _, p := range allow {
		if p.Contains(addr) {
			return true
		}
	}
	for _, p := range blocked {
		if p.Contains(addr) {
			return false
		}
	}
	return addr.IsValid() && !addr.IsLoopback() && !addr.IsPrivate() && !addr.IsLinkLocalUnicast()
}

// NewClient returns the HTTP client for fetching feeds. Its dialer checks the address of
// every connection after DNS resolution (so a name that resolves to 127.0.0.1, or a
// redirect to an internal host, is refused the same way), it follows at most five
// redirects over http(s), and the whole fetch is bounded by timeout.
func NewClient(allow []netip.Prefix, timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !Allowed(ap.Addr(), allow) {
			return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
		}
		return nil
	}}
	t := &http.Transport{DialContext: d.DialContext, Proxy: nil, ForceAttemptHTTP2: true,
		TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost: 2, IdleConnTimeout: 30 * time.Second}
	return &http.Client{Transport: t, Timeout: timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("feed: too many redirects")
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: scheme %s", ErrForbiddenAddress, req.URL.Scheme)
		}
		return nil
	}}
}

// Result is the outcome of a conditional fetch.
type Result struct {
	// NotModified is true when the server answered 304: Feed is nil.
	NotModified  bool
	Feed         []byte
	ETag         string
	LastModified string
}

// Fetch GETs the feed with the validators of the last answer (If-None-Match,
// If-Modified-Since) and reads at most MaxBytes of it.
func Fetch(ctx context.Context, c *http.Client, url, etag, lastModified string) (*Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5")
	req.Header.Set("User-Agent", "Mektep-Syndication/1.0 (+https://mektep.kz)")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	res := &Result{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		if res.ETag == "" {
			res.ETag = etag
		}
		if res.LastModified == "" {
			res.LastModified = lastModified
		}
		return res, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("feed: HTTP %d", resp.StatusCode)
	case resp.ContentLength > MaxBytes:
		return nil, ErrTooLarge
	}
	res.Feed, err = io.ReadAll(io.LimitReader(resp.Body, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(res.Feed) > MaxBytes {
		return nil, ErrTooLarge
	}
	return res, nil
}
