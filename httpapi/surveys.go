package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/survey"
)

// Surveys and votes, under their school site: authors (section "surveys") define, schedule,
// cancel, extend, close, read results and export; participants start, prepare what to sign,
// prove eligibility, vote and check receipts. The anonymous ballot needs no session and is
// logged without the user, so the request log cannot tie it to anyone.
//
// This file is self-contained (its routes are listed in server.go), so it can move with the
// httpapi restructuring.

// maxAudienceUpload bounds an uploaded IIN list (.xlsx).
const maxAudienceUpload = 20 << 20

func (s *Server) surveyParams(w http.ResponseWriter, r *http.Request) (siteID, id int64, ok bool) {
	if siteID, ok = s.SiteParam(w, r); !ok {
		return 0, 0, false
	}
	id, ok = s.IDParam(w, r, "surveyID", "survey")
	return siteID, id, ok
}

func (s *Server) listSurveys(w http.ResponseWriter, r *http.Request) {
	siteID, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	f := survey.Filter{}
	q := r.URL.Query()
	for st := range strings.SplitSeq(q.Get("status"), ",") {
		if st = strings.TrimSpace(st); st != "" {
			f.Status = append(f.Status, survey.Status(st))
		}
	}
	for name, dst := range map[string]*int64{"after": &f.AfterID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				s.Error(w, r, sitecore.Invalid(name, "field.type", "want", "number"))
				return
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.Error(w, r, sitecore.Invalid("limit", "field.type", "want", "number"))
			return
		}
		f.Limit = n
	}
	list, err := s.Surveys.List(r.Context(), web.Principal(r), siteID, f)
	s.Respond(w, r, http.StatusOK, map[string]any{"surveys": list}, err)
}

func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var d survey.Definition
	if !s.Decode(w, r, &d) {
		return
	}
	sv, err := s.Surveys.Create(r.Context(), web.Principal(r), s.Actor(r), siteID, d)
	if err == nil {
		w.Header().Set("Location", "/api/v1/sites/"+strconv.FormatInt(siteID, 10)+"/surveys/"+strconv.FormatInt(sv.ID, 10))
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"survey": sv}, err)
}

func (s *Server) getSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	sv, err := s.Surveys.Get(r.Context(), web.Principal(r), siteID, id)
	s.Respond(w, r, http.StatusOK, map[string]any{"survey": sv}, err)
}

func (s *Server) updateSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var d survey.Definition
	if !s.Decode(w, r, &d) {
		return
	}
	sv, err := s.Surveys.Update(r.Context(), web.Principal(r), s.Actor(r), siteID, id, d)
	s.Respond(w, r, http.StatusOK, map[string]any{"survey": sv}, err)
}

// uploadSurveyAudience takes the IIN list as an .xlsx body (IINs in column A, optional
// emails in column B), or as JSON {"rows": [{"iin": …, "email": …}]}.
func (s *Server) uploadSurveyAudience(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var rows []survey.ListRow
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var in struct {
			Rows []survey.ListRow `json:"rows"`
		}
		if !s.Decode(w, r, &in) {
			return
		}
		rows = in.Rows
	} else {
		body, err := web.ReadBody(r, maxAudienceUpload)
		if err == nil {
			rows, err = excel.ReadIINList(bytes.NewReader(body), survey.MaxListRows)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	n, err := s.Surveys.SetAudience(r.Context(), web.Principal(r), s.Actor(r), siteID, id, rows)
	s.Respond(w, r, http.StatusOK, map[string]any{"audience": n}, err)
}

func (s *Server) scheduleSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	sv, err := s.Surveys.Schedule(r.Context(), web.Principal(r), s.Actor(r), siteID, id)
	if err == nil {
		if ri := web.InfoFrom(r.Context()); ri != nil {
			ri.WorkflowID = "survey/" + strconv.FormatInt(id, 10)
		}
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"survey": sv}, err)
}

// surveyDecision runs an author's update and answers the survey after it.
func (s *Server) surveyDecision(w http.ResponseWriter, r *http.Request, act func(siteID, id int64) error) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	if err := act(siteID, id); err != nil {
		s.Error(w, r, err)
		return
	}
	sv, err := s.Surveys.Get(r.Context(), web.Principal(r), siteID, id)
	s.Respond(w, r, http.StatusOK, map[string]any{"survey": sv}, err)
}

func (s *Server) cancelSurvey(w http.ResponseWriter, r *http.Request) {
	s.surveyDecision(w, r, func(siteID, id int64) error { return s.Surveys.Cancel(r.Context(), web.Principal(r), siteID, id) })
}

func (s *Server) closeSurvey(w http.ResponseWriter, r *http.Request) {
	s.surveyDecision(w, r, func(siteID, id int64) error { return s.Surveys.Close(r.Context(), web.Principal(r), siteID, id) })
}

func (s *Server) extendSurvey(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ClosesAt time.Time `json:"closes_at"`
	}
	s.surveyDecision(w, r, func(siteID, id int64) error {
		body, err := web.ReadBody(r, web.MaxJSONBody)
		if err == nil {
			err = web.DecodeJSON(body, &in)
		}
		if err != nil {
			return err
		}
		return s.Surveys.Extend(r.Context(), web.Principal(r), siteID, id, in.ClosesAt)
	})
}

func (s *Server) surveyTurnout(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	days, err := s.Surveys.Turnout(r.Context(), web.Principal(r), siteID, id)
	s.Respond(w, r, http.StatusOK, map[string]any{"turnout": days}, err)
}

func (s *Server) surveyResults(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	res, err := s.Surveys.Results(r.Context(), web.Principal(r), siteID, id)
	s.Respond(w, r, http.StatusOK, map[string]any{"results": res}, err)
}

func (s *Server) surveyResultsXLSX(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	ctx, p := r.Context(), web.Principal(r)
	days, err := s.Surveys.Turnout(ctx, p, siteID, id) // authorizes the export
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sv, err := s.Surveys.Get(ctx, p, siteID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.Surveys.Results(ctx, p, siteID, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	buf := &deferredWriter{}
	if err := excel.WriteSurveyResults(buf, sv, res, days, web.Lang(r)); err != nil {
		s.Error(w, r, sitecore.Internal("survey results export", err))
		return
	}
	web.WriteXLSX(w, "survey-"+strconv.FormatInt(id, 10)+"-results.xlsx", buf.data)
}

// startSurveyExport starts an Excel export ({"kind": "results" | "voters"}) as a workflow;
// the answer (202) says where to poll its progress.
func (s *Server) startSurveyExport(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var in struct {
		Kind survey.ExportKind `json:"kind"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	x, err := s.Surveys.StartExport(r.Context(), web.Principal(r), siteID, id, in.Kind, web.Lang(r))
	if err == nil {
		w.Header().Set("Location", surveyExportPath(x))
	}
	s.Respond(w, r, http.StatusAccepted, map[string]any{"export": surveyExportView(x)}, err)
}

// surveyExportStatus reports an export's progress and, once done, where to download it.
func (s *Server) surveyExportStatus(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "exportID", "export")
	if !ok {
		return
	}
	x, err := s.Surveys.ExportStatus(r.Context(), web.Principal(r), siteID, id, eid)
	s.Respond(w, r, http.StatusOK, map[string]any{"export": surveyExportView(x)}, err)
}

func (s *Server) surveyExportFile(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "exportID", "export")
	if !ok {
		return
	}
	x, rc, err := s.Surveys.ExportFile(r.Context(), web.Principal(r), siteID, id, eid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.SendXLSX(w, "survey-"+strconv.FormatInt(x.SurveyID, 10)+"-"+string(x.Kind)+".xlsx", x.Size, rc)
}

func surveyExportPath(x *survey.Export) string {
	return "/api/v1/sites/" + strconv.FormatInt(x.SiteID, 10) + "/surveys/" + strconv.FormatInt(x.SurveyID, 10) +
		"/exports/" + strconv.FormatInt(x.ID, 10)
}

// surveyExportView is an export with its download link once the file is ready.
func surveyExportView(x *survey.Export) any {
	if x == nil {
		return nil
	}
	v := struct {
		*survey.Export
		FileURL string `json:"file_url,omitempty"`
	}{Export: x}
	if x.Status == "done" {
		v.FileURL = surveyExportPath(x) + "/file"
	}
	return v
}

// Participants.

func (s *Server) startSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	st, err := s.Surveys.Begin(r.Context(), web.Principal(r), siteID, id)
	s.Respond(w, r, http.StatusOK, st, err)
}

func (s *Server) prepareSurvey(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var in survey.PrepareInput
	if !s.Decode(w, r, &in) {
		return
	}
	p, err := s.Surveys.Prepare(r.Context(), siteID, id, in)
	s.Respond(w, r, http.StatusOK, p, err)
}

func (s *Server) surveyEligibility(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var in survey.EligibilityInput
	if !s.Decode(w, r, &in) {
		return
	}
	el, err := s.Surveys.SubmitEligibility(r.Context(), web.Principal(r), siteID, id, in)
	s.Respond(w, r, http.StatusOK, el, err)
}

func (s *Server) submitSurveyBallot(w http.ResponseWriter, r *http.Request) {
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var in survey.BallotInput
	if !s.Decode(w, r, &in) {
		return
	}
	rc, err := s.Surveys.SubmitBallot(r.Context(), web.Principal(r), siteID, id, in)
	s.Respond(w, r, http.StatusCreated, rc, err)
}

// submitAnonymousBallot takes a ballot with its token. It uses no session (the survey page
// sends it with credentials omitted) and, should a cookie come along anyway, the request is
// logged without its user.
func (s *Server) submitAnonymousBallot(w http.ResponseWriter, r *http.Request) {
	if ri := web.InfoFrom(r.Context()); ri != nil {
		ri.User = ""
	}
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	var in survey.AnonymousInput
	if !s.Decode(w, r, &in) {
		return
	}
	rc, err := s.Surveys.SubmitAnonymous(r.Context(), siteID, id, in)
	s.Respond(w, r, http.StatusCreated, rc, err)
}

// surveyReceipt checks a receipt code. The code is a secret of the voter that finds their
// ballot's row (its hash is stored with it): the request is logged without the code and
// without the user, so the log cannot tie a ballot to anyone.
func (s *Server) surveyReceipt(w http.ResponseWriter, r *http.Request) {
	if ri := web.InfoFrom(r.Context()); ri != nil {
		ri.User = ""
		ri.LogPath = strings.TrimSuffix(r.URL.Path, chi.URLParam(r, "code")) + "…"
	}
	siteID, id, ok := s.surveyParams(w, r)
	if !ok {
		return
	}
	counted, err := s.Surveys.CheckReceipt(r.Context(), siteID, id, chi.URLParam(r, "code"))
	s.Respond(w, r, http.StatusOK, map[string]any{"counted": counted}, err)
}
