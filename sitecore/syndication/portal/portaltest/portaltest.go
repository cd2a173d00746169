// Package portaltest is a fake partner portal speaking the contract of docs/syndication.md
// as a real HTTP server, for tests and benchmarks. Like a careless real portal it does not
// deduplicate: a second POST of the same external ID creates a second item with a new ID.
// Faults (500s, hangs, 429 with Retry-After) are injected per request.
package portaltest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore/syndication/portal"
)

// Fault is what the portal does with one request instead of (or after) serving it.
type Fault int

// Faults.
const (
	OK Fault = iota
	// Fail500 answers 500 without doing anything.
	Fail500
	// Fail429 answers 429 with Retry-After: 1.
	Fail429
	// Fail422 refuses the request as invalid (a permanent failure).
	Fail422
	// Hang waits (longer than the client's timeout) without doing anything.
	Hang
	// LoseAnswer does the work, then hangs: the client times out not knowing it worked.
	LoseAnswer
)

// Event is one accepted operation, in arrival order.
type Event struct {
	Op         string // create, update, delete
	ID         string
	ExternalID string
	Version    int64
	Title      string
}

// Item is what the portal holds.
type Item struct {
	ID      string
	Body    portal.Body
	Deleted bool
}

// Server is the fake portal.
type Server struct {
	*httptest.Server
	// APIKey, when set, is required as a bearer token.
	APIKey string
	// Fault decides each request's fate (nil: always OK). n counts requests from 1.
	Fault func(n int, r *http.Request) Fault
	// Delay is added to every answer (the benchmark's 50 ms).
	Delay time.Duration
	// HangFor is how long Hang and LoseAnswer wait (default 3 s).
	HangFor time.Duration
	// Slim keeps of each item only its external ID and version, and no event titles (load
	// tests: the fake's memory then hardly grows with what it holds).
	Slim bool

	mu     sync.Mutex
	n      int
	nextID int
	items  map[string]*Item
	events []Event
}

// New starts a fake portal.
func New() *Server {
	s := &Server{items: map[string]*Item{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Events returns the accepted operations in arrival order.
func (s *Server) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

// Items returns the items the portal holds, deleted ones included.
func (s *Server) Items() []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Item, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, *it)
	}
	return out
}

// Requests returns how many requests arrived.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	if s.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+s.APIKey {
		http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
		return
	}
	fault := OK
	if s.Fault != nil {
		fault = s.Fault(n, r)
	}
	hang := func() {
		d := s.HangFor
		if d == 0 {
			d = 3 * time.Second
		}
		select {
		case <-r.Context().Done():
		case <-time.After(d):
		}
	}
	switch fault {
	case Fail500:
		http.Error(w, `{"error":"internal"}`, http.StatusInternalServerError)
		return
	case Fail429:
		w.Header().Set("Retry-After", "1")
		http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
		return
	case Fail422:
		http.Error(w, `{"error":"title is required"}`, http.StatusUnprocessableEntity)
		return
	case Hang:
		hang()
		return
	}
	status, out := s.handle(r)
	if fault == LoseAnswer {
		hang()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if out != nil {
		_ = json.NewEncoder(w).Encode(out)
	}
}

func (s *Server) handle(r *http.Request) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := strings.CutPrefix(r.URL.Path, "/v1/news/")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/news":
		var b portal.Body
		if json.NewDecoder(r.Body).Decode(&b) != nil || b.ExternalID == "" {
			return http.StatusBadRequest, map[string]string{"error": "bad body"}
		}
		if s.Slim {
			b = portal.Body{ExternalID: b.ExternalID, Version: b.Version}
		}
		s.nextID++
		it := &Item{ID: "p" + strconv.Itoa(s.nextID), Body: b}
		s.items[it.ID] = it
		s.events = append(s.events, Event{Op: "create", ID: it.ID, ExternalID: b.ExternalID, Version: b.Version, Title: title(b)})
		return http.StatusCreated, map[string]string{"id": it.ID}
	case r.Method == http.MethodGet && r.URL.Path == "/v1/news":
		ext := r.URL.Query().Get("external_id")
		type found struct {
			ID         string `json:"id"`
			ExternalID string `json:"external_id"`
			Version    int64  `json:"version"`
		}
		items := []found{}
		for _, it := range s.items {
			if it.Body.ExternalID == ext && !it.Deleted {
				items = append(items, found{it.ID, ext, it.Body.Version})
			}
		}
		return http.StatusOK, map[string]any{"items": items}
	case r.Method == http.MethodPut && id != "":
		it, ok := s.items[id]
		if !ok || it.Deleted {
			return http.StatusNotFound, map[string]string{"error": "no such item"}
		}
		var b portal.Body
		if json.NewDecoder(r.Body).Decode(&b) != nil {
			return http.StatusBadRequest, map[string]string{"error": "bad body"}
		}
		if s.Slim {
			b = portal.Body{ExternalID: b.ExternalID, Version: b.Version}
		}
		if b.Version >= it.Body.Version {
			it.Body = b
		}
		s.events = append(s.events, Event{Op: "update", ID: id, ExternalID: b.ExternalID, Version: b.Version, Title: title(b)})
		return http.StatusOK, map[string]string{"id": id}
	case r.Method == http.MethodDelete && id != "":
		it, ok := s.items[id]
		if !ok || it.Deleted {
			return http.StatusNotFound, nil
		}
		it.Deleted = true
		s.events = append(s.events, Event{Op: "delete", ID: id, ExternalID: it.Body.ExternalID})
		return http.StatusNoContent, nil
	}
	return http.StatusNotFound, map[string]string{"error": "no such route"}
}

func title(b portal.Body) string {
	for _, t := range b.Texts {
		return t.Title
	}
	return ""
}
