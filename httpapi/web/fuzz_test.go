package web

// Fuzz targets for the bytes strangers send the HTTP layer: JSON request bodies and the
// Accept-Language and Host headers. They only call the package's functions, so they move
// with them.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/http/httpguts"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/media"
)

// requestBodies make a fresh value of each request type of the main routes. The
// application mirrors the API's applicationRequest (the site and the form).
var requestBodies = map[string]func() any{
	"application": func() any {
		return new(struct {
			SiteID int64 `json:"site_id"`
			admissions.NewApplication
		})
	},
	"registration": func() any { return new(accounts.Registration) },
	"ticket":       func() any { return new(helpdesk.NewTicket) },
	"news":         func() any { return new(cms.NewsInput) },
	"page":         func() any { return new(cms.NewPage) },
	"settings":     func() any { return new(cms.SettingsInput) },
	"site":         func() any { return new(sitecore.NewSite) },
	"campaign":     func() any { return new(admissions.NewCampaign) },
	"decision":     func() any { return new(admissions.Decision) },
	"album":        func() any { return new(media.AlbumInput) },
	"comment": func() any {
		return new(struct {
			Body string `json:"body"`
		})
	},
}

// FuzzDecodeJSON sends request bodies through the decoding every JSON route uses and the
// error answer: a body is either taken whole (and is then valid JSON) or refused with a 400
// or 413 whose JSON error names a field and says what is wrong in the caller's language.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"site_id": 3, "child_name": "Әлихан", "child_iin": "061211600012", "birth_date": "2018-05-01", "grade": 1}`,
		`{"email": "a@b.kz", "password": "correct horse battery", "name": "Айгерім", "lang": "kk"}`,
		`{"subject": "Сайт ашылмайды", "description": "<script>alert(1)</script>", "category": "technical"}`,
		`{"text": {"kk": {"title": "Наурыз", "body": "<p>x</p>", "slug": "nauryz"}}, "tags": ["a"]}`,
		`{"grade": "1"}`, `{"grade": 1e400}`, `{"site_id": -1}`, `{"site_id": 9223372036854775808}`,
		`{"unknown": 1}`, `{"body": "x"} {"body": "y"}`, `{"body": "x"`, `[]`, `null`, `"x"`, `1`, ``,
		"{\"body\": \"\xff\xfe\"}", `{"body": "\ud800"}`, `{"a":` + strings.Repeat(`[`, 10000),
		`{"text": {"kk": {"title": {"x": 1}}}}`, `{"grades": [{"grade": "x"}]}`,
	} {
		f.Add([]byte(s))
	}
	s := &Responder{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	f.Fuzz(func(t *testing.T, body []byte) {
		for name, mk := range requestBodies {
			r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			r.Header.Set("Accept-Language", "ru")
			data, err := ReadBody(r, MaxJSONBody)
			if err == nil {
				err = DecodeJSON(data, mk())
			}
			if err == nil {
				if !json.Valid(body) {
					t.Fatalf("%s: took %q, which is not JSON", name, body)
				}
				continue
			}
			var e *sitecore.Error
			if !errors.As(err, &e) || e.Code != sitecore.EInvalid && e.Code != sitecore.ETooLarge {
				t.Fatalf("%s: %q gave %#v", name, body, err)
			}
			w := httptest.NewRecorder()
			s.Error(w, r, err)
			var answer ErrorBody
			if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
				t.Fatalf("%s: error answer %q: %v", name, w.Body, err)
			}
			if w.Code != http.StatusBadRequest && w.Code != http.StatusRequestEntityTooLarge ||
				answer.Error.Field == "" && e.Code == sitecore.EInvalid || answer.Error.Message == "" ||
				strings.Contains(answer.Error.Message, "{") {
				t.Fatalf("%s: %q answered %d %s", name, body, w.Code, w.Body)
			}
		}
	})
}

// FuzzRequestLang checks that any Accept-Language header picks one of the message languages.
func FuzzRequestLang(f *testing.F) {
	for _, s := range []string{"ru", "kk-KZ,kk;q=0.9,ru;q=0.8", "en-US,en;q=0.5", "*", "de", "ru;q=0", "qaa-Qaaa-QM-x-southern",
		"zh-Hant-TW;q=0.1, ru;q=1.0", "en;q=abc", ";;;,,,", strings.Repeat("en-", 1000), "kk-Cyrl-KZ-u-nu-latn", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, al string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Language"] = []string{al}
		switch l := Lang(r); l {
		case sitecore.Kazakh, sitecore.Russian, sitecore.English:
		default:
			t.Fatalf("Accept-Language %q gave %q", al, l)
		}
	})
}

// FuzzHost checks the Host header as the site middleware and the links of public pages see
// it: an accepted host normalizes to a lowercase DNS name that normalizes to itself, and
// the base URL that canonical links, feeds and sitemaps are built from names that very host
// and at most a numeric port.
func FuzzHost(f *testing.F) {
	for _, s := range []string{"school.edu.kz", "School.EDU.kz.:8080", "xn--80aaf.kz", "[::1]:80", "a..b", "-a.kz",
		"school.edu.kz:'onmouseover=alert(1)", "school.edu.kz:80:80", strings.Repeat("a.", 130) + "kz", "école.kz", ":80", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		h, ok := sitecore.NormalizeHost(host)
		if !ok || !httpguts.ValidHostHeader(host) { // net/http refuses the others
			return
		}
		if again, ok := sitecore.NormalizeHost(h); !ok || again != h {
			t.Fatalf("NormalizeHost(%q) = %q, then %q %v", host, h, again, ok)
		}
		if h != strings.ToLower(h) || strings.Trim(h, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" ||
			strings.Contains(h, "..") || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || len(h) > 253 {
			t.Fatalf("NormalizeHost(%q) = %q", host, h)
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		u, err := url.Parse(BaseURL(r))
		if err != nil || !strings.EqualFold(strings.TrimSuffix(u.Hostname(), "."), h) || strings.Trim(u.Port(), "0123456789") != "" ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("host %q accepted as %q, but links start %q", host, h, BaseURL(r))
		}
	})
}

// FuzzAcceptedEncoding checks that any Accept-Encoding header picks br, gzip or nothing,
// and never a coding the header refuses outright with q=0.
func FuzzAcceptedEncoding(f *testing.F) {
	for _, s := range []string{"gzip, deflate, br", "br;q=0", "*;q=0", "gzip;q=0.5, *", ";;;,,,", "br;q=1e400", strings.Repeat("gzip,", 1000), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ae string) {
		switch e := AcceptedEncoding(ae); e {
		case "", "br", "gzip":
			if e != "" && (strings.EqualFold(strings.ReplaceAll(ae, " ", ""), e+";q=0")) {
				t.Fatalf("Accept-Encoding %q refuses %s, yet it was picked", ae, e)
			}
		default:
			t.Fatalf("Accept-Encoding %q gave %q", ae, e)
		}
	})
}
