package sitecore

import (
	"net/url"
	"strings"
)

// MaxLinkLength bounds a link people type into a form (an online meeting's address).
const MaxLinkLength = 2000

// OnlineLink checks the address of an online meeting (a seminar, an event): empty, or an
// https URL with a host of at most MaxLinkLength bytes; anything else is EInvalid on field
// with the message key. It returns the address trimmed.
func OnlineLink(field, key, raw string) (string, error) {
	u := strings.TrimSpace(raw)
	if u == "" {
		return "", nil
	}
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || len(u) > MaxLinkLength {
		return "", Invalid(field, key)
	}
	return u, nil
}
