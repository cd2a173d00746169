package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var in accounts.Registration
	if !s.Decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.Register(r.Context(), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"user": u}, err)
}

func (s *Server) verifyEmail(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("token")
	if tok == "" {
		s.Error(w, r, sitecore.Invalid("token", "field.required"))
		return
	}
	u, err := s.Accounts.VerifyEmail(r.Context(), tok)
	s.Respond(w, r, http.StatusOK, map[string]any{"user": u}, err)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	tok, u, err := s.Accounts.Login(r.Context(), in.Email, in.Password, s.ClientIP(r))
	if err != nil {
		if e := sitecore.AsError(err); e.Code == sitecore.ERateLimited {
			w.Header().Set("Retry-After", e.Args["seconds"])
		}
		s.Error(w, r, err)
		return
	}
	s.SetSession(w, r, tok)
	s.WriteJSON(w, http.StatusOK, map[string]any{"user": u})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok := s.SessionToken(r); tok != "" {
		if err := s.Accounts.Logout(r.Context(), tok); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	s.ClearSession(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) requestPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	err := s.Accounts.RequestPasswordReset(r.Context(), in.Email)
	s.Respond(w, r, http.StatusAccepted, map[string]any{"status": "accepted"}, err)
}

func (s *Server) confirmPasswordReset(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token       string `json:"token"`
		NewPassword string `json:"new_password"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Accounts.ResetPassword(r.Context(), in.Token, in.NewPassword))
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	v, err := s.Accounts.Me(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, v, err)
}

func (s *Server) updateMe(w http.ResponseWriter, r *http.Request) {
	var in accounts.ProfileUpdate
	if !s.Decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.UpdateProfile(r.Context(), web.Principal(r), in)
	s.Respond(w, r, http.StatusOK, map[string]any{"user": u}, err)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var in struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	tok, err := s.Accounts.ChangePassword(r.Context(), web.Principal(r), in.CurrentPassword, in.NewPassword)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.SetSession(w, r, tok)
	w.WriteHeader(http.StatusNoContent)
}

// requestEmailChange mails a confirmation link to a new address ({"new_email",
// "current_password"}); the address changes only when the link is opened.
func (s *Server) requestEmailChange(w http.ResponseWriter, r *http.Request) {
	var in struct {
		NewEmail        string `json:"new_email"`
		CurrentPassword string `json:"current_password"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	err := s.Accounts.RequestEmailChange(r.Context(), web.Principal(r), in.NewEmail, in.CurrentPassword)
	s.Respond(w, r, http.StatusAccepted, map[string]any{"pending_email": in.NewEmail}, err)
}

func (s *Server) requestChildLink(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ChildEmail string `json:"child_email"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	l, err := s.Accounts.RequestChildLink(r.Context(), web.Principal(r), in.ChildEmail)
	s.Respond(w, r, http.StatusCreated, map[string]any{"parent_link": l}, err)
}

func (s *Server) confirmLinkAsChild(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "linkID", "parent_link")
	if !ok {
		return
	}
	l, err := s.Accounts.ConfirmLinkAsChild(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"parent_link": l}, err)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.Accounts.APITokens(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"tokens": ts}, err)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SiteID int64  `json:"site_id"`
		Name   string `json:"name"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	secret, t, err := s.Accounts.CreateAPIToken(r.Context(), web.Principal(r), in.SiteID, in.Name)
	s.Respond(w, r, http.StatusCreated, map[string]any{"token": t, "secret": secret}, err)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "tokenID", "token")
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Accounts.RevokeAPIToken(r.Context(), web.Principal(r), id))
}

func (s *Server) userProfile(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "userID", "user")
	if !ok {
		return
	}
	pp, err := s.Accounts.Profile(r.Context(), web.Principal(r), id, web.Lang(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"profile": pp}, err)
}

func (s *Server) setPlatformRole(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "userID", "user")
	if !ok {
		return
	}
	var in struct {
		Role string `json:"role"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Accounts.SetPlatformRole(r.Context(), web.Principal(r), id, in.Role))
}

func (s *Server) orgUnits(w http.ResponseWriter, r *http.Request) {
	us, err := s.Accounts.OrgUnits(r.Context())
	s.Respond(w, r, http.StatusOK, map[string]any{"org_units": us}, err)
}

func (s *Server) createOrgUnit(w http.ResponseWriter, r *http.Request) {
	var in accounts.NewOrgUnit
	if !s.Decode(w, r, &in) {
		return
	}
	u, err := s.Accounts.CreateOrgUnit(r.Context(), web.Principal(r), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"org_unit": u}, err)
}
