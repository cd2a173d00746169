package web

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// TransferDeadline is how long an upload may take to arrive (and a file to leave): a 200 MiB video on a school's
// slow line needs far longer than the server's default read timeout.
const TransferDeadline = time.Hour

// SearchTimeout bounds one search; a query that takes longer is a bug or an overload.
const SearchTimeout = 5 * time.Second

// IntQuery reads a non-negative integer query parameter (def when absent).
func IntQuery(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, sitecore.Invalid(name, "field.type", "want", "int")
	}
	return n, nil
}

// SearchPage parses the page parameter into q; anything but a positive number is an error
// naming it.
func SearchPage(v string, q *sitecore.SearchQuery) error {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return sitecore.Invalid("page", "search.page", "max", strconv.Itoa(sitecore.MaxSearchPage))
	}
	q.Page = n
	return nil
}

// Localized is an error's message in lang, naming its field, for HTML pages.
func Localized(lang sitecore.Lang, err error) string {
	e := sitecore.AsError(err)
	args := map[string]string{"field": e.Field}
	for k, v := range e.Args {
		args[k] = v
	}
	return sitecore.Message(lang, e.Key, args)
}

// BaseURL is the scheme and host the visitor used, for canonical and hreflang links. It
// also keys the page cache, so the host is normalized: lower-case, without a trailing dot,
// and with a port only when it is the port this server listens on (a development server on
// 127.0.0.1:8080) and not the scheme's default. Behind a proxy the visitor's port is never
// the server's, so "school.kz:1", "school.kz:2"… all read as "school.kz": they neither
// fill the cache with copies of every page (evicting every school's) nor put a stranger's
// port into the links of a cached page.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = strings.Trim(r.Host, "[]"), ""
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port == "" || port == "80" && scheme == "http" || port == "443" && scheme == "https" || port != localPort(r) {
		return scheme + "://" + host
	}
	return scheme + "://" + host + ":" + port
}

// localPort is the port of the listener that accepted r, or "" when unknown.
func localPort(r *http.Request) string {
	a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return ""
	}
	_, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return ""
	}
	return port
}
