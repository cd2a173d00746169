// Package web holds what the JSON API (package httpapi) and the rendered site (package
// httpapi/site) both need: the request's info in its context (ID, site, principal), the one
// mapping of error codes to HTTP statuses and the localized error body, strict JSON
// decoding, the session cookie and the caller's address and language. It imports neither
// of them, so they do not import each other.
package web
