package httpapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// The control-panel API of one school: /api/v1/sites/{id}/... Every handler parses, then
// lets the service decide on access with the principal, the site and the resource.

func (s *Server) setSiteOrgUnit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		OrgUnitID int64 `json:"org_unit_id"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Accounts.SetSiteOrgUnit(r.Context(), web.Principal(r), s.Actor(r), id, in.OrgUnitID))
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	ms, err := s.Accounts.Members(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"members": ms}, err)
}

func (s *Server) addMember(w http.ResponseWriter, r *http.Request) {
	s.addRole(w, r, s.Accounts.AddMember)
}

func (s *Server) addAdmin(w http.ResponseWriter, r *http.Request) {
	s.addRole(w, r, s.Accounts.AddAdmin)
}

// addRole serves the two ways of giving a role: members (users:edit) and admins (owner).
func (s *Server) addRole(w http.ResponseWriter, r *http.Request,
	add func(context.Context, *sitecore.Principal, sitecore.Actor, int64, accounts.NewMember) (*sitecore.Membership, error)) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in accounts.NewMember
	if !s.Decode(w, r, &in) {
		return
	}
	m, err := add(r.Context(), web.Principal(r), s.Actor(r), id, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"member": m}, err)
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) {
	s.removeRole(w, r, s.Accounts.RemoveMember)
}

func (s *Server) removeAdmin(w http.ResponseWriter, r *http.Request) {
	s.removeRole(w, r, s.Accounts.RemoveAdmin)
}

// removeRole serves the two ways of taking roles away.
func (s *Server) removeRole(w http.ResponseWriter, r *http.Request,
	remove func(context.Context, *sitecore.Principal, sitecore.Actor, int64, int64) error) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	uid, ok := s.IDParam(w, r, "userID", "member")
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, remove(r.Context(), web.Principal(r), s.Actor(r), id, uid))
}

func (s *Server) delegations(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	ds, err := s.Accounts.Delegations(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"delegations": ds}, err)
}

func (s *Server) grant(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in accounts.NewDelegation
	if !s.Decode(w, r, &in) {
		return
	}
	d, err := s.Accounts.Grant(r.Context(), web.Principal(r), s.Actor(r), s.Content, id, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"delegation": d}, err)
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	did, ok := s.IDParam(w, r, "delegationID", "delegation")
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Accounts.Revoke(r.Context(), web.Principal(r), s.Actor(r), id, did))
}

func (s *Server) confirmLinkAsSite(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	lid, ok := s.IDParam(w, r, "linkID", "parent_link")
	if !ok {
		return
	}
	l, err := s.Accounts.ConfirmLinkAsSite(r.Context(), web.Principal(r), s.Actor(r), id, lid)
	s.Respond(w, r, http.StatusOK, map[string]any{"parent_link": l}, err)
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	es, err := s.Accounts.AuditLog(r.Context(), web.Principal(r), id, before, limit)
	s.Respond(w, r, http.StatusOK, map[string]any{"entries": es}, err)
}
