package web

import (
	"net/http"
	"strconv"
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

// BaseURL is the scheme and host the visitor used, for canonical and hreflang links.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
