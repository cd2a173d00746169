package web

import (
	"context"
	"net/http"

	"github.com/mektep/mektep/sitecore"
)

// Info is what the logs say about a request. Middleware and handlers fill it as they learn
// more (the site from the Host, the user from the token, the workflow started).
type Info struct {
	ID         string
	Site       int64
	User       string
	WorkflowID string
	// LogPath, when set, is logged instead of the URL's path (a path that holds a secret,
	// such as a survey receipt code).
	LogPath string
	// Current is the school site resolved from the Host (nil on platform routes).
	Current *sitecore.Site
	// Principal is who makes the request (nil before authentication).
	Principal *sitecore.Principal
}

type ctxKey struct{}

// WithInfo returns ctx carrying the request's info.
func WithInfo(ctx context.Context, ri *Info) context.Context {
	return context.WithValue(ctx, ctxKey{}, ri)
}

// InfoFrom returns the request's info, or nil outside a request.
func InfoFrom(ctx context.Context) *Info {
	ri, _ := ctx.Value(ctxKey{}).(*Info)
	return ri
}

// SiteFrom returns the school site the request was resolved to, or nil.
func SiteFrom(ctx context.Context) *sitecore.Site {
	if ri := InfoFrom(ctx); ri != nil {
		return ri.Current
	}
	return nil
}

// RequestID returns the ID of the request in ctx, or "".
func RequestID(ctx context.Context) string {
	if ri := InfoFrom(ctx); ri != nil {
		return ri.ID
	}
	return ""
}

// Principal returns who makes the request (Anonymous if nobody).
func Principal(r *http.Request) *sitecore.Principal {
	if ri := InfoFrom(r.Context()); ri != nil && ri.Principal != nil {
		return ri.Principal
	}
	return sitecore.Anonymous
}
