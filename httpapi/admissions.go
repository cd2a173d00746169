package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// Admissions: the family side (/api/v1/admissions/...) works on the caller's own
// applications; the school side (/api/v1/sites/{id}/admissions/...) needs the admissions
// section.

func (s *Server) openCampaigns(w http.ResponseWriter, r *http.Request) {
	siteID, err := strconv.ParseInt(r.URL.Query().Get("site_id"), 10, 64)
	if err != nil || siteID <= 0 {
		s.Error(w, r, sitecore.Invalid("site_id", "field.required"))
		return
	}
	cs, err := s.Admissions.OpenCampaigns(r.Context(), siteID)
	s.Respond(w, r, http.StatusOK, map[string]any{"campaigns": cs}, err)
}

// applicationRequest is a family's application: the site and the form.
type applicationRequest struct {
	SiteID int64 `json:"site_id"`
	admissions.NewApplication
}

func (s *Server) submitApplication(w http.ResponseWriter, r *http.Request) {
	body, err := web.ReadBody(r, web.MaxJSONBody)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := web.Principal(r)
	// The group commit stores the Idempotency-Key and this response with the application.
	respond := func(app any) *sitecore.StoredResponse {
		rec := &recorder{header: http.Header{}}
		s.Respond(rec, r, http.StatusCreated, map[string]any{"application": app}, nil)
		return rec.stored()
	}
	s.idempotentWork(w, r, "user:"+strconv.FormatInt(p.UserID, 10)+":POST /api/v1/admissions/applications", body, respond, func(w http.ResponseWriter, r *http.Request) {
		var in applicationRequest
		if err := web.DecodeJSON(body, &in); err != nil {
			s.Error(w, r, err)
			return
		}
		if in.SiteID <= 0 {
			s.Error(w, r, sitecore.Invalid("site_id", "field.required"))
			return
		}
		app, err := s.Admissions.Submit(r.Context(), p, in.SiteID, in.NewApplication)
		if errors.Is(err, sitecore.ErrClaimFirst) {
			return // nothing was stored: idempotentWork runs this again once the key is claimed
		}
		if err == nil {
			w.Header().Set("Location", "/api/v1/admissions/applications/"+strconv.FormatInt(app.ID, 10))
		}
		s.Respond(w, r, http.StatusCreated, map[string]any{"application": app}, err)
	})
}

func (s *Server) myApplications(w http.ResponseWriter, r *http.Request) {
	apps, err := s.Admissions.MyApplications(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"applications": apps}, err)
}

func (s *Server) myApplication(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "appID", "application")
	if !ok {
		return
	}
	app, err := s.Admissions.MyApplication(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"application": app}, err)
}

func (s *Server) withdrawApplication(w http.ResponseWriter, r *http.Request) {
	s.familyAction(w, r, s.Admissions.Withdraw)
}

func (s *Server) respondToOffer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Accept bool `json:"accept"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.familyAction(w, r, func(ctx context.Context, p *sitecore.Principal, id int64) (sitecore.AdmissionStatus, error) {
		return s.Admissions.RespondToOffer(ctx, p, id, in.Accept)
	})
}

func (s *Server) documentsFixed(w http.ResponseWriter, r *http.Request) {
	s.familyAction(w, r, s.Admissions.DocumentsFixed)
}

// familyAction runs a family's action on one of their applications and answers the new
// status.
func (s *Server) familyAction(w http.ResponseWriter, r *http.Request,
	act func(context.Context, *sitecore.Principal, int64) (sitecore.AdmissionStatus, error)) {
	id, ok := s.IDParam(w, r, "appID", "application")
	if !ok {
		return
	}
	st, err := act(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"status": st}, err)
}

func (s *Server) campaigns(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	cs, err := s.Admissions.Campaigns(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"campaigns": cs}, err)
}

func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in admissions.NewCampaign
	if !s.Decode(w, r, &in) {
		return
	}
	c, err := s.Admissions.CreateCampaign(r.Context(), web.Principal(r), s.Actor(r), id, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"campaign": c}, err)
}

// appFilter reads the list filters from the query string.
func appFilter(r *http.Request, siteID int64) (sitecore.AppFilter, error) {
	q := r.URL.Query()
	f := sitecore.AppFilter{SiteID: siteID, Search: q.Get("q"), Sort: q.Get("sort"), Priority: q.Get("priority")}
	switch c := q.Get("catchment"); c {
	case "", "in", "out":
		f.Catchment = c
	default:
		return f, sitecore.Invalid("catchment", "field.type", "want", "in, out")
	}
	for _, st := range strings.Split(q.Get("status"), ",") {
		if st != "" {
			f.Status = append(f.Status, sitecore.AdmissionStatus(st))
		}
	}
	num := func(name string) (int64, error) {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return 0, sitecore.Invalid(name, "field.type", "want", "number")
			}
			return n, nil
		}
		return 0, nil
	}
	var err error
	if f.CampaignID, err = num("campaign_id"); err != nil {
		return f, err
	}
	g, err := num("grade")
	if err != nil {
		return f, err
	}
	f.Grade = int(g)
	if f.AfterID, err = num("after"); err != nil {
		return f, err
	}
	l, err := num("limit")
	if err != nil {
		return f, err
	}
	f.Limit = int(l)
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, sitecore.Almaty) // local midnight
			if err != nil {
				return f, sitecore.Invalid(name, "admission.birth_date_format")
			}
			*dst = t
		}
	}
	return f, nil
}

func (s *Server) applications(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	f, err := appFilter(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	apps, err := s.Admissions.List(r.Context(), web.Principal(r), f)
	s.Respond(w, r, http.StatusOK, map[string]any{"applications": apps}, err)
}

func (s *Server) application(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	app, err := s.Admissions.Get(r.Context(), web.Principal(r), id, appID)
	s.Respond(w, r, http.StatusOK, map[string]any{"application": app}, err)
}

func (s *Server) checkDocuments(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	var in struct {
		OK     bool   `json:"ok"`
		Remark string `json:"remark"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	st, err := s.Admissions.CheckDocuments(r.Context(), web.Principal(r), id, appID, in.OK, in.Remark)
	s.Respond(w, r, http.StatusOK, map[string]any{"status": st}, err)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	var in admissions.Decision
	if !s.Decode(w, r, &in) {
		return
	}
	st, err := s.Admissions.Decide(r.Context(), web.Principal(r), id, appID, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"status": st}, err)
}

// resolveDispute: POST /api/v1/sites/{id}/admissions/applications/{appID}/dispute
// {"outcome": "void"|"stands", "text": "..."} resolves another family's claim on the child.
func (s *Server) resolveDispute(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	var in admissions.Resolution
	if !s.Decode(w, r, &in) {
		return
	}
	st, err := s.Admissions.ResolveDispute(r.Context(), web.Principal(r), id, appID, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"status": st}, err)
}

func (s *Server) decideMany(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		ApplicationIDs []int64 `json:"application_ids"`
		admissions.Decision
	}
	if !s.Decode(w, r, &in) {
		return
	}
	res, err := s.Admissions.DecideMany(r.Context(), web.Principal(r), id, in.ApplicationIDs, in.Decision)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(res))
	for i, br := range res {
		out[i] = map[string]any{"id": br.ID, "status": br.Status}
		if br.Error != nil {
			out[i]["error"] = s.ErrorDetail(r, sitecore.AsError(br.Error))
		}
	}
	s.WriteJSON(w, http.StatusOK, map[string]any{"results": out})
}

func (s *Server) exportApplications(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	cid, ok := s.IDParam(w, r, "campaignID", "campaign")
	if !ok {
		return
	}
	f, err := appFilter(r, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// The workbook is built before the first byte goes out (excelize writes the zip at the
	// end), so an error still gets a proper JSON answer.
	buf := &deferredWriter{}
	if err := s.Admissions.Export(r.Context(), web.Principal(r), id, cid, f, web.Lang(r), buf); err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteXLSX(w, "applications-"+strconv.FormatInt(cid, 10)+".xlsx", buf.data)
}

// deferredWriter collects a generated file so errors can still be answered as JSON.
type deferredWriter struct{ data []byte }

func (d *deferredWriter) Write(p []byte) (int, error) {
	d.data = append(d.data, p...)
	return len(p), nil
}

// uploadDocument takes the file as the raw request body. A declared length over the limit is
// refused before anything is read.
func (s *Server) uploadDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "appID", "application")
	if !ok {
		return
	}
	if r.ContentLength > admissions.MaxDocumentSize {
		s.Error(w, r, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
			Args: map[string]string{"limit": strconv.Itoa(admissions.MaxDocumentSize>>20) + " MiB"}})
		return
	}
	d, err := s.Admissions.UploadDocument(r.Context(), web.Principal(r), id, chi.URLParam(r, "kind"), r.Body)
	s.Respond(w, r, http.StatusCreated, map[string]any{"document": d}, err)
}

func (s *Server) downloadDocument(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	docID, ok := s.IDParam(w, r, "docID", "document")
	if !ok {
		return
	}
	d, rc, err := s.Admissions.OpenDocument(r.Context(), web.Principal(r), id, appID, docID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	h.Set("Content-Disposition", "attachment")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	_, _ = io.Copy(w, rc)
}

func (s *Server) reviewDocument(w http.ResponseWriter, r *http.Request) {
	id, appID, ok := s.appParams(w, r)
	if !ok {
		return
	}
	docID, ok := s.IDParam(w, r, "docID", "document")
	if !ok {
		return
	}
	var in struct {
		Accepted bool   `json:"accepted"`
		Remark   string `json:"remark"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Admissions.ReviewDocument(r.Context(), web.Principal(r), id, appID, docID, in.Accepted, in.Remark))
}

// startExport starts a large export as a workflow; the answer says where to poll.
func (s *Server) startExport(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		CampaignID int64                      `json:"campaign_id"`
		Status     []sitecore.AdmissionStatus `json:"status"`
		Grade      int                        `json:"grade"`
		Search     string                     `json:"q"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	f := sitecore.AppFilter{Status: in.Status, Grade: in.Grade, Search: in.Search}
	e, err := s.Admissions.StartExport(r.Context(), web.Principal(r), id, in.CampaignID, f, web.Lang(r))
	if err == nil {
		w.Header().Set("Location", "/api/v1/sites/"+strconv.FormatInt(id, 10)+"/admissions/exports/"+strconv.FormatInt(e.ID, 10))
	}
	s.Respond(w, r, http.StatusAccepted, map[string]any{"export": e}, err)
}

func (s *Server) exportStatus(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "exportID", "export")
	if !ok {
		return
	}
	e, err := s.Admissions.ExportStatus(r.Context(), web.Principal(r), id, eid)
	s.Respond(w, r, http.StatusOK, map[string]any{"export": e}, err)
}

func (s *Server) exportFile(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "exportID", "export")
	if !ok {
		return
	}
	e, rc, err := s.Admissions.ExportFile(r.Context(), web.Principal(r), id, eid)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	web.SendXLSX(w, "applications-"+strconv.FormatInt(e.CampaignID, 10)+".xlsx", e.Size, rc)
}

// appParams parses {id} and {appID} of the school's application routes.
func (s *Server) appParams(w http.ResponseWriter, r *http.Request) (siteID, appID int64, ok bool) {
	if siteID, ok = s.SiteParam(w, r); ok {
		appID, ok = s.IDParam(w, r, "appID", "application")
	}
	return siteID, appID, ok
}
