package web

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestRequestLang(t *testing.T) {
	for al, want := range map[string]sitecore.Lang{
		"":                   sitecore.Kazakh,
		"ru":                 sitecore.Russian,
		"en-US,en;q=0.9":     sitecore.English,
		"kk-KZ":              sitecore.Kazakh,
		"de-DE,ru;q=0.5":     sitecore.Russian,
		"fr":                 sitecore.Kazakh,
		"garbage;;q=":        sitecore.Kazakh,
		"en;q=0.1, ru;q=0.9": sitecore.Russian,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Language", al)
		if got := Lang(r); got != want {
			t.Errorf("Accept-Language %q: %s, want %s", al, got, want)
		}
	}
}

func TestEveryCodeHasAStatus(t *testing.T) {
	for _, code := range []string{sitecore.EInvalid, sitecore.ENotFound, sitecore.EConflict, sitecore.EUnauthorized,
		sitecore.EForbidden, sitecore.ETooLarge, sitecore.ERateLimited, sitecore.EUnavailable, sitecore.EInternal} {
		if _, ok := statusOf[code]; !ok {
			t.Errorf("code %q has no HTTP status", code)
		}
	}
	if StatusOf("made-up") != 500 {
		t.Error("unknown codes must map to 500")
	}
}

func TestAcceptedEncoding(t *testing.T) {
	for header, want := range map[string]string{
		"":                           "",
		"identity":                   "",
		"gzip":                       "gzip",
		"gzip, deflate, br":          "br",
		"gzip, deflate, br, zstd":    "br",
		"br;q=0.5, gzip;q=0.8":       "gzip",
		"br;q=0, gzip":               "gzip",
		"gzip;q=0, br;q=0":           "",
		"*":                          "br",
		"*;q=0.3, gzip;q=0.5":        "gzip",
		"*;q=0":                      "",
		"GZIP":                       "gzip",
		"x-gzip":                     "gzip",
		"br;q=abc, gzip":             "gzip",
		"br;q=2":                     "",
		"deflate":                    "",
		" gzip ; q=0.9 , br ; q=0.9": "br",
	} {
		if got := AcceptedEncoding(header); got != want {
			t.Errorf("AcceptedEncoding(%q) = %q, want %q", header, got, want)
		}
	}
}

// TestSendXLSX checks a stored workbook goes out as a private attachment of its length, and
// is closed.
func TestSendXLSX(t *testing.T) {
	w := httptest.NewRecorder()
	rc := &closeCounter{Reader: strings.NewReader("PK\x03\x04workbook")}
	SendXLSX(w, "survey-7-voters.xlsx", 12, rc)
	h := w.Result().Header
	if h.Get("Content-Disposition") != `attachment; filename="survey-7-voters.xlsx"` || h.Get("Content-Length") != "12" ||
		h.Get("Cache-Control") != "private, no-store" || !strings.HasPrefix(h.Get("Content-Type"), "application/vnd.openxmlformats") ||
		w.Body.String() != "PK\x03\x04workbook" || rc.closed != 1 {
		t.Errorf("headers %v, body %q, closed %d", h, w.Body.String(), rc.closed)
	}
	w = httptest.NewRecorder()
	XLSXHeaders(w, "stats.xlsx", 0)
	if _, ok := w.Header()["Content-Length"]; ok {
		t.Error("a workbook of unknown size announces a length")
	}
}

type closeCounter struct {
	io.Reader
	closed int
}

func (c *closeCounter) Close() error { c.closed++; return nil }
