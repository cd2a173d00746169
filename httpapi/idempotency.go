package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"

	"github.com/mektep/mektep/sitecore"
)

// idempotent runs fn at most once per Idempotency-Key within scope. A retry with the same key
// and body gets the stored response (with Idempotent-Replayed: true); the same key with a
// different body is refused. Responses with 5xx are not stored, so the client may retry.
// Requests without the header run fn directly.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, scope string, body []byte, fn func(w http.ResponseWriter)) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		fn(w)
		return
	}
	if !validIdempotencyKey(key) {
		s.Error(w, r, sitecore.Invalid("Idempotency-Key", "idempotency.key_invalid"))
		return
	}
	h := sha256.New()
	h.Write([]byte(r.Method + " " + r.URL.Path + "\n"))
	h.Write(body)
	hash := h.Sum(nil)

	stored, err := s.Idempotency.BeginIdempotent(r.Context(), scope, key, hash)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if stored != nil {
		w.Header().Set("Content-Type", stored.ContentType)
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(stored.Status)
		_, _ = w.Write(stored.Body)
		return
	}
	rec := &recorder{header: http.Header{}}
	fn(rec)
	// The claim is settled even if the client has gone, so the work is not redone.
	ctx := context.WithoutCancel(r.Context())
	if rec.status >= 500 {
		if err := s.Idempotency.AbortIdempotent(ctx, scope, key); err != nil {
			s.Log.ErrorContext(ctx, "release idempotency key", "error", err)
		}
	} else if err := s.Idempotency.FinishIdempotent(ctx, scope, key, &sitecore.StoredResponse{
		Status: rec.status, ContentType: rec.header.Get("Content-Type"), Body: rec.body.Bytes(),
	}); err != nil {
		s.Log.ErrorContext(ctx, "store idempotent response", "error", err)
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

func validIdempotencyKey(k string) bool {
	if len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// recorder buffers a response so it can be stored before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
