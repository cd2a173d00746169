package site

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// The admissions desk of the control panel: campaigns, the applications list (filters,
// search by the child's name, counts per status, the waiting list), an application's page
// with its documents shown inline, accepting or rejecting documents with a remark,
// decisions one by one and in bulk, and the Excel export that follows the export workflow.
// Every action is the admissions service's, as in the JSON API.

var (
	admissionsPage  = panelPage("admissions.html", "decisions.html")
	applicationPage = panelPage("application.html", "decisions.html")
	exportPage      = panelPage("export.html")
)

// admissionsView is the model of the campaigns and applications pages.
type admissionsView struct {
	Campaigns []campaignRow
	Campaign  int64
	Filter    appFilterForm
	Counts    []statusCount
	Apps      []appRow
	Waitlist  bool
	Reasons   []string
	Limited   bool // the list shows the first listLimit applications
	CanEdit   bool
	// The texts of the admission rules' columns, filters and order (sitecore messages).
	CatchmentLabel, PriorityLabel string
	Rules                         map[string]string
}

type campaignRow struct {
	sitecore.Campaign
	Name   string
	Grades string
}

type statusCount struct {
	Code, Name string
	N          int
	Current    bool
}

type appRow struct {
	sitecore.Application
	StatusName string
	// Catchment is "yes"/"no" in the page's language; PriorityName the claimed category
	// with the school's verdict.
	Catchment, PriorityName string
}

// appFilterForm is the list's filter as the form shows it.
type appFilterForm struct {
	Campaign int64
	Status   string
	Grade    int
	Q        string
	// Sort is "" (submission time) or "priority" (the order of decisions); Catchment is
	// "", "in" or "out" (admission rules).
	Sort, Catchment string
}

// admissionStatuses are the statuses in the order of the process, for the counts.
var admissionStatuses = []sitecore.AdmissionStatus{sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix,
	sitecore.AppUnderReview, sitecore.AppAdmitted, sitecore.AppWaitlisted, sitecore.AppDeclined, sitecore.AppEnrolled,
	sitecore.AppOfferExpired, sitecore.AppOfferDeclined, sitecore.AppWithdrawn}

// listLimit bounds one page of the applications list.
const listLimit = 500

// reviewStatuses are the statuses "to review" stands for (the dashboard's link).
var reviewStatuses = []sitecore.AdmissionStatus{sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppUnderReview}

// PanelAdmissions shows the campaigns with their grades and dates.
func (s *Server) PanelAdmissions(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	v.Title, v.Kind = v.T("adm.title"), "campaigns"
	av, err := s.campaignRows(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Data = av
	s.renderPanel(w, r, http.StatusOK, admissionsPage, v)
}

func (s *Server) campaignRows(r *http.Request, v *panelView) (*admissionsView, error) {
	cs, err := s.Admissions.Campaigns(r.Context(), v.p, v.Site.ID)
	if err != nil {
		return nil, err
	}
	av := &admissionsView{CanEdit: v.Can("admissions", "edit"), Reasons: admissions.DeclineReasons}
	for _, c := range cs {
		row := campaignRow{Campaign: c, Name: cmp.Or(c.Title[v.Lang], c.Title[v.Site.DefaultLang()], strconv.FormatInt(c.ID, 10))}
		var gs []string
		for _, g := range c.Grades {
			gs = append(gs, strconv.Itoa(g.Grade))
		}
		row.Grades = strings.Join(gs, ", ")
		av.Campaigns = append(av.Campaigns, row)
	}
	return av, nil
}

// parseAppFilter reads the list's filter from the query.
func parseAppFilter(q url.Values, siteID int64) (appFilterForm, sitecore.AppFilter) {
	ff := appFilterForm{Campaign: formID(q.Get("campaign")), Status: q.Get("status"), Q: strings.TrimSpace(q.Get("q"))}
	ff.Grade, _ = strconv.Atoi(q.Get("grade"))
	f := sitecore.AppFilter{SiteID: siteID, CampaignID: ff.Campaign, Grade: ff.Grade, Search: ff.Q, Sort: "created", Limit: listLimit}
	if q.Get("sort") == "priority" {
		ff.Sort, f.Sort = "priority", "priority"
	}
	if c := q.Get("catchment"); c == "in" || c == "out" {
		ff.Catchment, f.Catchment = c, c
	}
	switch ff.Status {
	case "":
	case "review":
		f.Status = reviewStatuses
	default:
		if slices.Contains(admissionStatuses, sitecore.AdmissionStatus(ff.Status)) {
			f.Status = []sitecore.AdmissionStatus{sitecore.AdmissionStatus(ff.Status)}
		} else {
			ff.Status = ""
		}
	}
	return ff, f
}

// PanelApplications lists applications with filters and the counts per status of the
// same filter without its status.
func (s *Server) PanelApplications(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	v.Title, v.Kind = v.T("adm.applications"), "applications"
	av, err := s.campaignRows(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	status := s.fillApplications(r, v, av, r.URL.Query())
	v.Data = av
	s.renderPanel(w, r, status, admissionsPage, v)
}

func (s *Server) fillApplications(r *http.Request, v *panelView, av *admissionsView, q url.Values) int {
	ff, f := parseAppFilter(q, v.Site.ID)
	av.Filter, av.Waitlist = ff, ff.Status == string(sitecore.AppWaitlisted)
	all := f
	all.Status = nil
	everything, err := s.Admissions.List(r.Context(), v.p, all)
	if err != nil {
		return v.fail(err)
	}
	n := map[sitecore.AdmissionStatus]int{}
	for _, a := range everything {
		n[a.Status]++
	}
	total := statusCount{Code: "", Name: v.T("adm.all"), N: len(everything), Current: ff.Status == ""}
	av.Counts = append(av.Counts, total)
	for _, st := range admissionStatuses {
		if n[st] > 0 {
			av.Counts = append(av.Counts, statusCount{Code: string(st), Name: sitecore.StatusName(st, v.Lang), N: n[st], Current: ff.Status == string(st)})
		}
	}
	apps := everything
	if f.Status != nil {
		apps = apps[:0:0]
		for _, a := range everything {
			if slices.Contains(f.Status, a.Status) {
				apps = append(apps, a)
			}
		}
	}
	if av.Waitlist {
		slices.SortStableFunc(apps, func(a, b sitecore.Application) int { return cmp.Compare(a.WaitlistPosition, b.WaitlistPosition) })
	}
	av.CatchmentLabel = sitecore.Message(v.Lang, "admission.col.catchment", nil)
	av.PriorityLabel = sitecore.Message(v.Lang, "admission.col.priority", nil)
	av.Rules = map[string]string{}
	for _, k := range []string{"sort", "sort.created", "sort.priority", "col.in", "col.out", "col.any", "order_rule", "decide_in_order"} {
		av.Rules[k] = sitecore.Message(v.Lang, "admission."+k, nil)
	}
	for _, a := range apps {
		row := appRow{Application: a, StatusName: sitecore.StatusName(a.Status, v.Lang),
			Catchment: sitecore.Message(v.Lang, "admission.col."+strconv.FormatBool(a.InCatchment), nil)}
		if a.Priority != "" {
			row.PriorityName = sitecore.PriorityName(a.Priority, a.PriorityStatus, v.Lang)
		}
		av.Apps = append(av.Apps, row)
	}
	av.Limited = len(everything) >= listLimit
	return http.StatusOK
}

// PanelDecideMany applies one decision to the chosen applications and shows the list again
// with each refusal named.
func (s *Server) PanelDecideMany(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	readForm(w, r, 64<<10)
	var ids []int64
	for _, s := range r.PostForm["id"] {
		if id := formID(s); id > 0 {
			ids = append(ids, id)
		}
	}
	d := admissions.Decision{Decision: r.PostForm.Get("decision"), Reason: r.PostForm.Get("reason"), Text: r.PostForm.Get("text")}
	d.Position, _ = strconv.Atoi(r.PostForm.Get("position"))
	back := r.PostForm.Get("back")
	res, err := s.Admissions.DecideMany(r.Context(), v.p, v.Site.ID, ids, d)
	status := http.StatusOK
	if err != nil {
		status = v.fail(err)
	} else {
		var failed []string
		sameField := true // every application was refused for the same form field
		for _, br := range res {
			if br.Error == nil {
				sameField = false
				continue
			}
			e, first := sitecore.AsError(br.Error), sitecore.AsError(res[0].Error)
			if e.Code != sitecore.EInvalid || e.Field == "" || e.Field != first.Field || e.Key != first.Key {
				sameField = false
			}
			failed = append(failed, fmt.Sprintf("№%d: %s", br.ID, sitecore.Message(v.Lang, e.Key, e.Args)))
		}
		fieldErr := error(nil)
		if sameField && len(res) > 0 {
			fieldErr = res[0].Error
		}
		switch {
		case len(failed) == 0:
			done(w, r, v.Path("admissions", "applications")+"?"+safeQuery(back), "decided")
			return
		case fieldErr != nil:
			status = v.fail(fieldErr) // the form is wrong, not the applications
		default:
			v.Error = v.T("adm.bulk_partial") + " " + strings.Join(failed, "; ")
			status = http.StatusConflict
		}
	}
	for k, vs := range r.PostForm {
		if len(vs) > 0 {
			v.Values[k] = vs[0]
		}
	}
	v.Title, v.Kind = v.T("adm.applications"), "applications"
	av, err := s.campaignRows(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	q, _ := url.ParseQuery(safeQuery(back))
	s.fillApplications(r, v, av, q)
	v.Data = av
	s.renderPanel(w, r, status, admissionsPage, v)
}

// safeQuery keeps only the list's filter parameters of a query string.
func safeQuery(raw string) string {
	q, _ := url.ParseQuery(raw)
	out := url.Values{}
	for _, k := range []string{"campaign", "status", "grade", "q", "sort", "catchment"} {
		if x := q.Get(k); x != "" {
			out.Set(k, x)
		}
	}
	return out.Encode()
}

// applicationView is the model of one application's page.
type applicationView struct {
	*admissions.AppWithHistory
	StatusName string
	Campaign   string
	Docs       []docRow
	Reasons    []string
	CanEdit    bool
	Events     []eventRow
	// Rules are the texts of the admission rules' fields (sitecore messages); PriorityName
	// the claimed category with the school's verdict.
	Rules        map[string]string
	PriorityName string
}

type docRow struct {
	sitecore.AppDocument
	Name, URL string
	Image     bool
}

type eventRow struct {
	sitecore.AppEvent
	To string
}

// PanelApplication shows one application; its forms post here (action=review-doc,
// documents, decide).
func (s *Server) PanelApplication(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	appID := formID(chi.URLParam(r, "appID"))
	self := v.Path("admissions", "applications", strconv.FormatInt(appID, 10))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 32<<10)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		var err error
		notice := "saved"
		switch f.Get("action") {
		case "review-doc":
			err = s.Admissions.ReviewDocument(r.Context(), v.p, v.Site.ID, appID, formID(f.Get("doc")), f.Get("accepted") == "1", f.Get("remark"))
			v.Values["doc"] = f.Get("doc")
		case "documents":
			_, err = s.Admissions.CheckDocuments(r.Context(), v.p, v.Site.ID, appID, f.Get("ok") == "1", f.Get("remark"))
		case "priority":
			_, err = s.Admissions.ReviewPriority(r.Context(), v.p, v.Site.ID, appID, f.Get("confirm") == "1", f.Get("remark"))
		case "dispute":
			_, err = s.Admissions.ResolveDispute(r.Context(), v.p, v.Site.ID, appID,
				admissions.Resolution{Outcome: f.Get("outcome"), Text: f.Get("text")})
			notice = "decided"
		case "decide":
			d := admissions.Decision{Decision: f.Get("decision"), Reason: f.Get("reason"), Text: f.Get("text")}
			d.Position, _ = strconv.Atoi(f.Get("position"))
			_, err = s.Admissions.Decide(r.Context(), v.p, v.Site.ID, appID, d)
			notice = "decided"
		default:
			err = sitecore.Invalid("action", "field.unknown")
		}
		if err == nil {
			done(w, r, self, notice)
			return
		}
		status = v.fail(err)
	}
	app, err := s.Admissions.Get(r.Context(), v.p, v.Site.ID, appID)
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
		} else {
			s.ErrorPage(w, r, err)
		}
		return
	}
	av := &applicationView{AppWithHistory: app, StatusName: sitecore.StatusName(app.Status, v.Lang),
		CanEdit: v.Can("admissions", "edit"), Reasons: admissions.DeclineReasons}
	av.Rules = map[string]string{}
	for _, k := range []string{"col.catchment", "col.priority", "col." + strconv.FormatBool(app.InCatchment),
		"priority_document", "priority_confirm", "priority_reject"} {
		av.Rules[k] = sitecore.Message(v.Lang, "admission."+k, nil)
	}
	av.Rules["catchment"] = av.Rules["col."+strconv.FormatBool(app.InCatchment)]
	if app.Priority != "" {
		av.PriorityName = sitecore.PriorityName(app.Priority, app.PriorityStatus, v.Lang)
	}
	for _, d := range app.Documents {
		name := cmp.Or(v.T("doc."+d.Kind), d.Kind)
		if d.Kind == admissions.PriorityDocument {
			name = av.Rules["priority_document"]
		}
		av.Docs = append(av.Docs, docRow{AppDocument: d, Name: name,
			URL: self + "/documents/" + strconv.FormatInt(d.ID, 10), Image: strings.HasPrefix(d.ContentType, "image/")})
	}
	for _, e := range app.History {
		av.Events = append(av.Events, eventRow{AppEvent: e, To: sitecore.StatusName(e.To, v.Lang)})
	}
	if cs, err := s.Admissions.Campaigns(r.Context(), v.p, v.Site.ID); err == nil {
		for _, c := range cs {
			if c.ID == app.CampaignID {
				av.Campaign = cmp.Or(c.Title[v.Lang], c.Title[v.Site.DefaultLang()])
			}
		}
	}
	v.Title, v.Kind, v.Data = v.T("adm.application")+" "+app.Number, "application", av
	s.renderPanel(w, r, status, applicationPage, v)
}

// PanelDocument serves an application's document for the inline viewer: only to those
// who may see the application, never cached, never run as a page.
func (s *Server) PanelDocument(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	d, rc, err := s.Admissions.OpenDocument(r.Context(), v.p, v.Site.ID, formID(chi.URLParam(r, "appID")), formID(chi.URLParam(r, "docID")))
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
		} else {
			s.ErrorPage(w, r, err)
		}
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", fmt.Sprintf(`inline; filename="%s-%d"`, d.Kind, d.ID))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; plugin-types application/pdf; frame-ancestors 'self'; sandbox")
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	_, _ = io.Copy(w, rc)
}

// exportView is the model of an export's page.
type exportView struct {
	*sitecore.Export
	Poll, File string
}

// PanelStartExport starts the export workflow for the list's filter and goes to its page.
func (s *Server) PanelStartExport(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	readForm(w, r, 8<<10)
	_, f := parseAppFilter(r.PostForm, v.Site.ID)
	f.Limit, f.Sort = 0, ""
	e, err := s.Admissions.StartExport(r.Context(), v.p, v.Site.ID, formID(r.PostForm.Get("campaign")), f, v.Lang)
	if err != nil {
		v.Title, v.Kind = v.T("adm.applications"), "applications"
		status := v.fail(err)
		av, err := s.campaignRows(r, v)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		s.fillApplications(r, v, av, r.PostForm)
		v.Data = av
		s.renderPanel(w, r, status, admissionsPage, v)
		return
	}
	done(w, r, v.Path("admissions", "exports", strconv.FormatInt(e.ID, 10)), "")
}

// PanelExport shows an export's progress (a progress bar that follows the workflow, a
// refreshing page without JavaScript) and its download link when it is done.
func (s *Server) PanelExport(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	e, err := s.Admissions.ExportStatus(r.Context(), v.p, v.Site.ID, formID(chi.URLParam(r, "exportID")))
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
		} else {
			s.ErrorPage(w, r, err)
		}
		return
	}
	base := v.Path("admissions", "exports", strconv.FormatInt(e.ID, 10))
	v.Title, v.Kind, v.Data = v.T("adm.export"), "export", &exportView{Export: e, Poll: base + "/status", File: base + "/file"}
	s.renderPanel(w, r, http.StatusOK, exportPage, v)
}

// PanelExportStatus answers the progress bar's poll: {done, total, status}.
func (s *Server) PanelExportStatus(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	e, err := s.Admissions.ExportStatus(r.Context(), v.p, v.Site.ID, formID(chi.URLParam(r, "exportID")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	total := e.Rows
	if e.Status == "running" {
		total = max(e.Rows+1, 1) // the workflow does not know the total ahead; the bar moves
	}
	w.Header().Set("Cache-Control", "no-store")
	s.WriteJSON(w, http.StatusOK, map[string]any{"done": e.Rows, "total": total, "status": e.Status})
}

// PanelExportFile downloads a finished export.
func (s *Server) PanelExportFile(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionAdmissions, "admissions")
	if !ok {
		return
	}
	e, rc, err := s.Admissions.ExportFile(r.Context(), v.p, v.Site.ID, formID(chi.URLParam(r, "exportID")))
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
		} else {
			s.ErrorPage(w, r, err)
		}
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="applications-%d.xlsx"`, e.ID))
	h.Set("Cache-Control", "no-store")
	if e.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(e.Size, 10))
	}
	_, _ = io.Copy(w, rc)
}
