package site

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// maintenanceView is the operators' maintenance page of the console: the notices, a form
// to schedule one, and a cancel button on each open one. It calls the maintenance service
// as the JSON API does.
type maintenanceView struct {
	Rows   []maintenanceRow
	Scopes []option
}

type maintenanceRow struct {
	ID                 int64
	When, Status       string
	Scope              string
	Sites              int
	Emergency, Cancels bool
}

// maintenanceFields are the form's fields, named as the service names them in errors.
var maintenanceFields = []string{"starts_at", "duration_minutes", "scope", "org_unit_id", "site_ids",
	"message.kk", "message.ru", "message.en", "reason"}

// ConsoleMaintenance shows and handles /helpdesk/console/{lang}/maintenance (operators).
func (s *Server) ConsoleMaintenance(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	p := web.Principal(r)
	if !p.Operator() || s.Maintenance == nil {
		s.NotFound(w, r)
		return
	}
	v := s.newConsoleView(r, lang, "maintenance", "/maintenance")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		_ = r.ParseForm()
		f := r.PostForm
		var err error
		done := "maintenance_scheduled"
		if id, perr := strconv.ParseInt(f.Get("cancel"), 10, 64); perr == nil {
			done = "maintenance_cancelled"
			_, err = s.Maintenance.Cancel(r.Context(), p, s.Actor(r), id)
		} else {
			for _, k := range maintenanceFields {
				v.Values[k] = f.Get(k)
			}
			v.Values["emergency"] = f.Get("emergency")
			var in sitecore.MaintenanceInput
			if in, err = maintenanceForm(f.Get); err == nil {
				_, err = s.Maintenance.Schedule(r.Context(), p, s.Actor(r), in)
			}
		}
		if err == nil {
			http.Redirect(w, r, v.Base+"/maintenance?done="+done, http.StatusSeeOther)
			return
		}
		status = consoleError(v, err, maintenanceFields...)
	}
	if d := r.URL.Query().Get("done"); d == "maintenance_scheduled" || d == "maintenance_cancelled" {
		v.Notice = v.UI[d]
	}
	ms, err := s.Maintenance.List(r.Context(), p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	mv := &maintenanceView{}
	for _, sc := range []string{sitecore.MaintenanceAll, sitecore.MaintenanceOrgUnit, sitecore.MaintenanceSites} {
		mv.Scopes = append(mv.Scopes, option{Value: sc, Label: v.UI["scope_"+sc], Selected: v.Values["scope"] == sc})
	}
	for _, m := range ms {
		mv.Rows = append(mv.Rows, maintenanceRow{ID: m.ID, When: fmtWhen(m.StartsAt, lang) + " – " + fmtWhen(m.EndsAt, lang),
			Status: v.UI["mst_"+string(m.Status)], Scope: v.UI["scope_"+m.Scope], Sites: m.Sites,
			Emergency: m.Emergency, Cancels: m.Open()})
	}
	v.Maintenance = mv
	s.writeConsole(w, r, status, v)
}

// maintenanceForm reads the form: the start is Almaty's wall clock (datetime-local), the
// sites a list of IDs separated by commas or spaces.
func maintenanceForm(get func(string) string) (sitecore.MaintenanceInput, error) {
	in := sitecore.MaintenanceInput{Scope: get("scope"), Emergency: get("emergency") != "", Reason: get("reason"),
		Message: map[string]string{"kk": get("message.kk"), "ru": get("message.ru"), "en": get("message.en")}}
	if v := strings.TrimSpace(get("starts_at")); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, sitecore.Almaty)
		if err != nil {
			return in, sitecore.Invalid("starts_at", "field.type", "want", "YYYY-MM-DDThh:mm")
		}
		in.StartsAt = &t
	}
	n, err := strconv.Atoi(strings.TrimSpace(get("duration_minutes")))
	if err != nil {
		return in, sitecore.Invalid("duration_minutes", "field.type", "want", "1–10080")
	}
	in.DurationMinutes = n
	if in.Scope == sitecore.MaintenanceOrgUnit {
		id, err := strconv.ParseInt(strings.TrimSpace(get("org_unit_id")), 10, 64)
		if err != nil {
			return in, sitecore.Invalid("org_unit_id", "field.type", "want", "ID")
		}
		in.OrgUnitID = &id
	}
	if in.Scope == sitecore.MaintenanceSites {
		for _, f := range strings.FieldsFunc(get("site_ids"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' }) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return in, sitecore.Invalid("site_ids", "field.type", "want", "1, 2, 3")
			}
			in.SiteIDs = append(in.SiteIDs, id)
		}
	}
	return in, nil
}
