package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

func TestRecovererAnswersJSONWithoutInternals(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{Log: slog.New(LogHandler(slog.NewJSONHandler(&logs, nil)))}
	s.init()
	h := s.requestID(s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("database password is hunter2")
	})))
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/api/v1/x", nil)
	r.Header.Set("Accept-Language", "ru")
	h.ServeHTTP(w, r)
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	var body web.ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.Error.Code != "internal" || strings.Contains(w.Body.String(), "hunter2") || !strings.Contains(body.Error.Message, "внутренняя ошибка") {
		t.Errorf("body %s", w.Body)
	}
	id := w.Header().Get("X-Request-ID")
	if id == "" || !strings.Contains(logs.String(), `"request_id":"`+id+`"`) || !strings.Contains(logs.String(), "hunter2") {
		t.Errorf("the panic is not logged with request ID %q: %s", id, logs.String())
	}
}

func TestRequestIDIsKeptWhenSane(t *testing.T) {
	s := &Server{}
	s.init()
	var seen string
	h := s.requestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = RequestID(r.Context()) }))
	for in, keep := range map[string]bool{"abc-123_X.y": true, "": false, "has space": false, strings.Repeat("a", 65): false, "<script>": false} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("X-Request-ID", in)
		h.ServeHTTP(w, r)
		if got := w.Header().Get("X-Request-ID"); (got == in) != keep || got != seen || got == "" {
			t.Errorf("X-Request-ID %q: answered %q (context %q), keep=%v", in, got, seen, keep)
		}
	}
}

// A failure after the client left is a 499 at debug level, not a logged server error; the
// same failure for a client still waiting is a 500 logged as an error.
func TestClientGoneIsNotAServerError(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{Log: slog.New(LogHandler(slog.NewJSONHandler(&logs, nil)))}
	s.init()
	fail := sitecore.Internal("FindActiveSiteByHost", context.Canceled)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, h := range []func(http.ResponseWriter, *http.Request, error){s.Error, s.site.ErrorPage} {
		w := httptest.NewRecorder()
		h(w, httptest.NewRequest("GET", "/ru/news/x", nil).WithContext(ctx), fail)
		if w.Code != web.StatusClientClosedRequest || w.Body.Len() != 0 {
			t.Errorf("client gone: %d %q", w.Code, w.Body)
		}
		w = httptest.NewRecorder()
		h(w, httptest.NewRequest("GET", "/ru/news/x", nil), fail)
		if w.Code != 500 {
			t.Errorf("client waiting: %d", w.Code)
		}
	}
	if n := strings.Count(logs.String(), `"level":"ERROR"`); n != 2 {
		t.Errorf("%d errors logged, want the 2 of the waiting client: %s", n, logs.String())
	}
}
