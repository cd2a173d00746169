package httpapi

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// decode reads and strictly decodes the JSON body into v, answering the error itself.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := readBody(r, maxJSONBody)
	if err == nil {
		err = decodeJSON(body, v)
	}
	if err != nil {
		s.Error(w, r, err)
		return false
	}
	return true
}

// idParam parses a positive integer path parameter; anything else is "not found".
func (s *Server) idParam(w http.ResponseWriter, r *http.Request, name, what string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.Error(w, r, sitecore.NotFound(what))
		return 0, false
	}
	return id, true
}

// siteParam parses {id} of the site routes and notes the site for the logs.
func (s *Server) siteParam(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := s.idParam(w, r, "id", "site")
	if ok {
		if ri := infoFrom(r.Context()); ri != nil {
			ri.Site = id
		}
	}
	return id, ok
}

// respond writes v, or the error.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	s.writeJSON(w, status, v)
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var in accounts.Registration
	if !s.decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.Register(r.Context(), in)
	s.respond(w, r, http.StatusCreated, map[string]any{"user": u}, err)
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		s.Error(w, r, sitecore.Invalid("token", "field.required"))
		return
	}
	u, err := s.Accounts.VerifyEmail(r.Context(), tok)
	s.respond(w, r, http.StatusOK, map[string]any{"user": u}, err)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	tok, u, err := s.Accounts.Login(r.Context(), in.Email, in.Password, s.clientIP(r))
	if err != nil {
		if e := sitecore.AsError(err); e.Code == sitecore.ERateLimited {
			w.Header().Set("Retry-After", e.Args["seconds"])
		}
		s.Error(w, r, err)
		return
	}
	s.setSession(w, r, tok)
	s.writeJSON(w, http.StatusOK, map[string]any{"user": u})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.Accounts.Logout(r.Context(), c.Value); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.clearSession(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	err := s.Accounts.RequestPasswordReset(r.Context(), in.Email)
	s.respond(w, r, http.StatusAccepted, map[string]any{"status": "accepted"}, err)
}

func (s *Server) confirmPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token       string `json:"token"`
		NewPassword string `json:"new_password"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	s.respond(w, r, http.StatusNoContent, nil, s.Accounts.ResetPassword(r.Context(), in.Token, in.NewPassword))
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	v, err := s.Accounts.Me(r.Context(), principal(r))
	s.respond(w, r, http.StatusOK, v, err)
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) {
	var in accounts.ProfileUpdate
	if !s.decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.UpdateProfile(r.Context(), principal(r), in)
	s.respond(w, r, http.StatusOK, map[string]any{"user": u}, err)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	tok, err := s.Accounts.ChangePassword(r.Context(), principal(r), in.CurrentPassword, in.NewPassword)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSession(w, r, tok)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) requestChildLink(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ChildEmail string `json:"child_email"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	l, err := s.Accounts.RequestChildLink(r.Context(), principal(r), in.ChildEmail)
	s.respond(w, r, http.StatusCreated, map[string]any{"parent_link": l}, err)
}

func (s *Server) confirmLinkAsChild(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "linkID", "parent_link")
	if !ok {
		return
	}
	l, err := s.Accounts.ConfirmLinkAsChild(r.Context(), principal(r), id)
	s.respond(w, r, http.StatusOK, map[string]any{"parent_link": l}, err)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Accounts.APITokens(r.Context(), principal(r))
	s.respond(w, r, http.StatusOK, map[string]any{"tokens": ts}, err)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SiteID int64  `json:"site_id"`
		Name   string `json:"name"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	secret, t, err := s.Accounts.CreateAPIToken(r.Context(), principal(r), in.SiteID, in.Name)
	s.respond(w, r, http.StatusCreated, map[string]any{"token": t, "secret": secret}, err)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "tokenID", "token")
	if !ok {
		return
	}
	s.respond(w, r, http.StatusNoContent, nil, s.Accounts.RevokeAPIToken(r.Context(), principal(r), id))
}

func (s *Server) userProfile(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "userID", "user")
	if !ok {
		return
	}
	pp, err := s.Accounts.Profile(r.Context(), principal(r), id, requestLang(r))
	s.respond(w, r, http.StatusOK, map[string]any{"profile": pp}, err)
}

func (s *Server) setPlatformRole(w http.ResponseWriter, r *http.Request) {
	id, ok := s.idParam(w, r, "userID", "user")
	if !ok {
		return
	}
	var in struct {
		Role string `json:"role"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	s.respond(w, r, http.StatusNoContent, nil, s.Accounts.SetPlatformRole(r.Context(), principal(r), id, in.Role))
}

func (s *Server) orgUnits(w http.ResponseWriter, r *http.Request) {
	us, err := s.Accounts.OrgUnits(r.Context())
	s.respond(w, r, http.StatusOK, map[string]any{"org_units": us}, err)
}

func (s *Server) createOrgUnit(w http.ResponseWriter, r *http.Request) {
	var in accounts.NewOrgUnit
	if !s.decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.CreateOrgUnit(r.Context(), principal(r), in)
	s.respond(w, r, http.StatusCreated, map[string]any{"org_unit": u}, err)
}
