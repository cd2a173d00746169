package httpapi

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// grantAgeException admits a child outside the grade's age range with a reason (audited):
// POST /api/v1/sites/{id}/admissions/campaigns/{campaignID}/age-exceptions
// {"child_iin": "...", "grade": 1, "reason": "..."}.
func (s *Server) grantAgeException(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	cid, ok := s.IDParam(w, r, "campaignID", "campaign")
	if !ok {
		return
	}
	var in admissions.NewAgeException
	if !s.Decode(w, r, &in) {
		return
	}
	e, err := s.Admissions.GrantAgeException(r.Context(), web.Principal(r), s.Actor(r), id, cid, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"age_exception": e}, err)
}

// importCatchment replaces the school's catchment territory with an Excel file, all or
// nothing: PUT /api/v1/sites/{id}/admissions/catchment with the .xlsx as the body (or as the
// "file" part of a multipart form). A refused file answers 400 with every problem's row,
// column and message in "problems".
func (s *Server) importCatchment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, admissions.MaxCatchmentBytes+1<<20)
	body := io.Reader(r.Body)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, _, err := r.FormFile("file")
		if err != nil {
			s.Error(w, r, sitecore.Invalid("file", "field.required"))
			return
		}
		defer f.Close()
		body = f
	}
	n, err := s.Admissions.ImportCatchment(r.Context(), web.Principal(r), s.Actor(r), id, body)
	var ps admissions.CatchmentProblems
	if errors.As(err, &ps) {
		lang := web.Lang(r)
		list := make([]map[string]any, len(ps))
		for i, p := range ps {
			list[i] = map[string]any{"row": p.Row, "column": p.Column, "message": p.Message(lang)}
		}
		s.WriteJSON(w, http.StatusBadRequest, map[string]any{"error": s.ErrorDetail(r, sitecore.AsError(err)), "problems": list})
		return
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"rows": n}, err)
}

// catchment lists the school's catchment territory: GET /api/v1/sites/{id}/admissions/catchment.
func (s *Server) catchment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	rules, err := s.Admissions.CatchmentRules(r.Context(), web.Principal(r), id)
	if rules == nil {
		rules = []sitecore.CatchmentRule{}
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"catchment": rules}, err)
}

// reviewPriority confirms or rejects an application's priority claim:
// POST /api/v1/sites/{id}/admissions/applications/{appID}/priority {"confirm": true, "remark": ""}.
func (s *Server) reviewPriority(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	var in struct {
		Confirm bool   `json:"confirm"`
		Remark  string `json:"remark"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	app, err := s.Admissions.ReviewPriority(r.Context(), web.Principal(r), id, appID, in.Confirm, in.Remark)
	s.Respond(w, r, http.StatusOK, map[string]any{"application": app}, err)
}

// decideInOrder decides the grade's applications under review in the order of decisions:
// POST /api/v1/sites/{id}/admissions/campaigns/{campaignID}/decisions-in-order {"grade": 1}.
// The answer names the rule followed and each application's outcome, in that order.
func (s *Server) decideInOrder(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	cid, ok := s.IDParam(w, r, "campaignID", "campaign")
	if !ok {
		return
	}
	var in struct {
		Grade int `json:"grade"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	res, err := s.Admissions.DecideInOrder(r.Context(), web.Principal(r), id, cid, in.Grade)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(res.Results))
	for i, br := range res.Results {
		out[i] = map[string]any{"id": br.ID, "status": br.Status}
		if br.Error != nil {
			out[i]["error"] = s.ErrorDetail(r, sitecore.AsError(br.Error))
		}
	}
	s.WriteJSON(w, http.StatusOK, map[string]any{"rule": sitecore.Message(web.Lang(r), res.Rule, nil),
		"admitted": res.Admitted, "waitlisted": res.Waitlist, "results": out})
}

// catchmentTemplate downloads the territory template in the caller's language:
// GET /api/v1/sites/{id}/admissions/catchment/template.xlsx.
func (s *Server) catchmentTemplate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := s.Admissions.CatchmentTemplate(web.Principal(r), id, web.Lang(r), &buf); err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteXLSX(w, "catchment.xlsx", buf.Bytes())
}
