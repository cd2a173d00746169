package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// idempotent runs fn at most once per Idempotency-Key within scope. A retry with the same key
// and body gets the stored response (with Idempotent-Replayed: true); the same key with a
// different body is refused. Responses with 5xx are not stored, so the client may retry.
// Requests without the header run fn directly.
func (s *Server) idempotent(w http.ResponseWriter, r *http.Request, scope string, body []byte, fn func(w http.ResponseWriter)) {
	s.idempotentWork(w, r, scope, body, nil, func(w http.ResponseWriter, _ *http.Request) { fn(w) })
}

// idempotentWork is idempotent for a handler whose store can commit the key and the
// response with the work (sitecore.IdempotentWork): respond renders the response for what
// the store wrote. fn then runs first, with the work in its request's context, and the key
// costs no statement of its own. If the store sends the request back (sitecore.ErrClaimFirst:
// the key is taken, or the work needs the one-request path), fn runs again in the usual
// order; if fn answers without reaching the store (bad input), the key is checked before
// that answer is sent and stored, so a retry of a request that succeeded still gets its
// stored response. With respond nil it is the usual order: claim, fn, store the response.
func (s *Server) idempotentWork(w http.ResponseWriter, r *http.Request, scope string, body []byte,
	respond func(v any) *sitecore.StoredResponse, fn func(w http.ResponseWriter, r *http.Request)) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		fn(w, r)
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

	var rec *recorder
	if respond != nil {
		work := &sitecore.IdempotentWork{Scope: scope, Key: key, Hash: hash, Respond: respond}
		rec = &recorder{header: http.Header{}}
		fn(rec, r.WithContext(sitecore.WithIdempotentWork(r.Context(), work)))
		settled, again := work.Outcome()
		if settled != nil { // the key and this response were committed with the work
			rec.flush(w)
			return
		}
		if again {
			rec = nil // run fn again once the key is claimed
		}
	}
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
	if rec == nil {
		rec = &recorder{header: http.Header{}}
		fn(rec, r)
	}
	// The claim is settled even if the client has gone, so the work is not redone. When the
	// database is down at this moment (the very outage that may have failed the request), it
	// is settled in the background as soon as the database is back: a retry then gets the
	// stored answer, or runs again, instead of "in progress" until the claim goes stale.
	ctx := context.WithoutCancel(r.Context())
	settle := func() error { return s.Idempotency.AbortIdempotent(ctx, scope, key) }
	if rec.status < 500 {
		resp := rec.stored()
		settle = func() error { return s.Idempotency.FinishIdempotent(ctx, scope, key, resp) }
	}
	if err := settle(); err != nil {
		s.Log.WarnContext(ctx, "settling an idempotency key later", "error", err)
		go retrySettle(ctx, settle)
	}
	rec.flush(w)
}

// retrySettle retries settling an idempotency claim every second for two minutes, the time
// after which an unsettled claim is taken over anyway.
func retrySettle(ctx context.Context, settle func() error) {
	for range 120 {
		time.Sleep(time.Second)
		if settle() == nil {
			return
		}
	}
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

// flush sends the recorded response.
func (r *recorder) flush(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}

// stored is the recorded response as kept under an Idempotency-Key.
func (r *recorder) stored() *sitecore.StoredResponse {
	return &sitecore.StoredResponse{Status: r.status, ContentType: r.header.Get("Content-Type"),
		Body: bytes.Clone(r.body.Bytes())}
}
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
