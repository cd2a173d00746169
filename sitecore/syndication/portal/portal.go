// Package portal is the adapter of the JSON-over-HTTPS portal contract described in
// docs/syndication.md (the national open-education portal, and any partner that speaks
// it). Authentication is an API key (bearer) or mutual TLS, configured on the HTTP client.
package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// Client delivers items to one portal.
type Client struct {
	// BaseURL is the portal's API root ("https://portal.example.kz"); paths are appended.
	BaseURL string
	// APIKey is sent as a bearer token when set; with mutual TLS leave it empty and give
	// HTTP a transport with the client certificate.
	APIKey string
	HTTP   *http.Client
	// Now is time.Now unless a test fixes it (Retry-After dates).
	Now func() time.Time
}

var _ syndication.Partner = (*Client)(nil)

type school struct {
	SiteID    int64                    `json:"site_id"`
	Name      map[sitecore.Lang]string `json:"name,omitempty"`
	URL       string                   `json:"url,omitempty"`
	OrgUnitID int64                    `json:"org_unit_id,omitempty"`
}

// Body is what POST and PUT carry.
type Body struct {
	ExternalID  string                                 `json:"external_id"`
	Version     int64                                  `json:"version"`
	School      school                                 `json:"school"`
	Texts       map[sitecore.Lang]syndication.ItemText `json:"texts"`
	ImageURL    string                                 `json:"image_url,omitempty"`
	Tags        []string                               `json:"tags,omitempty"`
	PublishedAt time.Time                              `json:"published_at,omitzero"`
	// Kind is "vacancy" for a vacancy (with Vacancy); absent for news.
	Kind    string                   `json:"kind,omitempty"`
	Vacancy *syndication.VacancyInfo `json:"vacancy,omitempty"`
}

// Deliver performs the item's operation (see syndication.Partner).
func (c *Client) Deliver(ctx context.Context, it *syndication.Item) (string, error) {
	switch it.Op {
	case syndication.OpCreate:
		if it.Retry {
			// An earlier attempt may have reached the portal: take the item it holds and
			// bring it to this attempt's content (the school may have edited it since).
			id, err := c.lookup(ctx, it)
			if err != nil {
				return "", err
			}
			if id != "" {
				return id, c.do(ctx, it, http.MethodPut, "/v1/news/"+url.PathEscape(id), body(it), nil)
			}
		}
		var out struct {
			ID string `json:"id"`
		}
		if err := c.do(ctx, it, http.MethodPost, "/v1/news", body(it), &out); err != nil {
			return "", err
		}
		if out.ID == "" {
			return "", syndication.Retryable(errors.New("portal: create answered without an id"))
		}
		return out.ID, nil
	case syndication.OpUpdate:
		return it.RemoteID, c.do(ctx, it, http.MethodPut, "/v1/news/"+url.PathEscape(it.RemoteID), body(it), nil)
	case syndication.OpUnpublish:
		if it.RemoteID == "" {
			// A create whose answer was lost: withdraw what it created, if anything.
			id, err := c.lookup(ctx, it)
			if err != nil || id == "" {
				return "", err
			}
			it.RemoteID = id
		}
		err := c.do(ctx, it, http.MethodDelete, "/v1/news/"+url.PathEscape(it.RemoteID), nil, nil)
		var se *StatusError
		if errors.As(err, &se) && se.Status == http.StatusNotFound {
			err = nil // already gone
		}
		return it.RemoteID, err
	}
	return "", syndication.Permanent(fmt.Errorf("portal: unknown operation %q", it.Op))
}

func body(it *syndication.Item) *Body {
	return &Body{ExternalID: it.ExternalID, Version: it.Version,
		School: school{SiteID: it.SiteID, Name: it.SchoolName, URL: it.SchoolURL, OrgUnitID: it.OrgUnitID},
		Texts:  it.Texts, ImageURL: it.ImageURL, Tags: it.Tags, PublishedAt: it.PublishedAt, Kind: it.Kind, Vacancy: it.Vacancy}
}

// lookup returns the portal's ID of the item's external ID, or "".
func (c *Client) lookup(ctx context.Context, it *syndication.Item) (string, error) {
	var out struct {
		Items []struct {
			ID         string `json:"id"`
			ExternalID string `json:"external_id"`
		} `json:"items"`
	}
	if err := c.do(ctx, it, http.MethodGet, "/v1/news?external_id="+url.QueryEscape(it.ExternalID), nil, &out); err != nil {
		return "", err
	}
	for _, x := range out.Items {
		if x.ExternalID == it.ExternalID && x.ID != "" {
			return x.ID, nil
		}
	}
	return "", nil
}

// maxAnswer bounds what is read of a portal's answer.
const maxAnswer = 1 << 20

func (c *Client) do(ctx context.Context, it *syndication.Item, method, path string, in, out any) error {
	var rd io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return syndication.Permanent(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.BaseURL, "/")+path, rd)
	if err != nil {
		return syndication.Permanent(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", it.DeliveryKey)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return syndication.Retryable(fmt.Errorf("portal: %s %s: %w", method, path, err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return syndication.Retryable(fmt.Errorf("portal: reading the answer: %w", err))
	}
	if err := Check(resp, data, c.now()); err != nil {
		return err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return syndication.Retryable(fmt.Errorf("portal: answer is not JSON: %w", err))
		}
	}
	return nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// StatusError is a partner's non-2xx answer.
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return "HTTP " + strconv.Itoa(e.Status) + ": " + e.Body
}

// Check classifies a partner's answer: 2xx is nil, 429 is rate limiting (honouring
// Retry-After), 408 and 5xx are retryable, other 4xx permanent.
func Check(resp *http.Response, body []byte, now time.Time) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	b := string(body)
	if len(b) > 300 {
		b = b[:300]
	}
	se := &StatusError{Status: resp.StatusCode, Body: strings.TrimSpace(b)}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return syndication.RateLimited(RetryAfter(resp.Header.Get("Retry-After"), now), se)
	case resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "":
		return syndication.RateLimited(RetryAfter(resp.Header.Get("Retry-After"), now), se)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
		return syndication.Retryable(se)
	}
	return syndication.Permanent(se)
}

// RetryAfter reads a Retry-After header (seconds or an HTTP date); without one it asks for
// a minute. The wait is capped at a day.
func RetryAfter(v string, now time.Time) time.Duration {
	d := time.Minute
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	}
	return min(d, 24*time.Hour)
}
