package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/mailboxes"
)

// Edu mailboxes: a site's mailboxes with usage, creation and password resets (the password
// is in the response once and nowhere else), suspension, deletion and the site's mail quota.

func (s *Server) listMailboxes(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	l, err := s.Mailboxes.List(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, l, err)
}

func (s *Server) createMailbox(w http.ResponseWriter, r *http.Request) {
	var in mailboxes.NewMailbox
	if !s.Decode(w, r, &in) {
		return
	}
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	c, err := s.Mailboxes.Create(r.Context(), web.Principal(r), id, in)
	w.Header().Set("Cache-Control", "no-store") // the password is in the body
	s.Respond(w, r, http.StatusCreated, c, err)
}

func (s *Server) resetMailboxPassword(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.IDParam(w, r, "mailboxID", "mailbox")
	if !ok {
		return
	}
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	c, err := s.Mailboxes.ResetPassword(r.Context(), web.Principal(r), id, mid)
	w.Header().Set("Cache-Control", "no-store") // the password is in the body
	s.Respond(w, r, http.StatusOK, c, err)
}

func (s *Server) suspendMailbox(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Suspended bool `json:"suspended"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	mid, ok := s.IDParam(w, r, "mailboxID", "mailbox")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "mailbox", func(id int64) (any, error) {
		return s.Mailboxes.SetSuspended(r.Context(), web.Principal(r), id, mid, in.Suspended)
	})
}

func (s *Server) deleteMailbox(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.IDParam(w, r, "mailboxID", "mailbox")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Mailboxes.Delete(r.Context(), web.Principal(r), id, mid)
	})
}

func (s *Server) setMailQuota(w http.ResponseWriter, r *http.Request) {
	var in struct {
		LimitBytes int64 `json:"limit_bytes"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "quota", func(id int64) (any, error) {
		return s.Mailboxes.SetQuota(r.Context(), web.Principal(r), id, in.LimitBytes)
	})
}
