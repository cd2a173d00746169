package site

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
)

// The team page (who is on duty and takes new tickets round-robin, who is away) and the
// settings page (SLA policies and the working calendar with Kazakhstan's holidays, which
// operators edit; canned responses per language, which leads edit). Everyone on the team
// reads them; forms are shown only to those whose writes the service accepts.

type agentRow struct {
	ID                       int64
	Name, Role, LastAssigned string
	Away, Me, CanToggle      bool
	Open                     int
}

type teamView struct {
	Agents []agentRow
	MeAway bool
}

// ConsoleTeam shows the team and switches duty.
func (s *Server) ConsoleTeam(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	v := s.newConsoleView(r, lang, "team", "/team")
	p := web.Principal(r)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
		_ = r.ParseForm()
		user, _ := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
		err := s.Helpdesk.SetAgentAway(r.Context(), p, user, r.PostForm.Get("away") == "1")
		if err == nil {
			http.Redirect(w, r, v.Base+"/team?done=duty", http.StatusSeeOther)
			return
		}
		status = consoleError(v, err)
	}
	if r.URL.Query().Get("done") == "duty" {
		v.Notice = v.UI["done_duty"]
	}
	as, err := s.Helpdesk.Agents(r.Context(), p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Team = &teamView{}
	for _, a := range as {
		row := agentRow{ID: a.UserID, Name: a.Name, Role: v.UI["role_"+string(a.Role)], Away: a.Away, Open: a.OpenTickets,
			Me: a.UserID == p.UserID, LastAssigned: "—"}
		row.CanToggle = row.Me || p.SupportLead()
		if a.LastAssignedAt != nil {
			row.LastAssigned = fmtWhen(*a.LastAssignedAt, lang)
		}
		if row.Me {
			v.Team.MeAway = a.Away
		}
		v.Team.Agents = append(v.Team.Agents, row)
	}
	s.writeConsole(w, r, status, v)
}

type policyRow struct {
	Category, Priority, CategoryCode, PriorityCode string
	First, Resolution, AutoClose, SolvedWindow     string // hours / days, as the form writes them
	Reminder, Second                               int
	Calendar                                       string
}

type cannedGroup struct {
	Lang, Label string
	Items       []sitecore.CannedResponse
}

type settingsView struct {
	Policies         []policyRow
	Categories       []option
	Priorities       []option
	Weekdays         []option
	DayStart, DayEnd string
	Offset           int
	Holidays         string
	PolicyFields     []string
	Canned           []cannedGroup
	Langs            []option
}

// policy form fields, and the service's names for them (errors land next to the input).
var policyFields = map[string]string{"first_response_seconds": "first_hours", "resolution_seconds": "resolution_hours",
	"auto_close_seconds": "auto_close_days", "solved_window_seconds": "solved_window_days"}

// ConsoleSettings shows and edits SLA policies, the calendar and canned responses.
func (s *Server) ConsoleSettings(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	v := s.newConsoleView(r, lang, "settings", "/settings")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
		_ = r.ParseForm()
		done, err := s.settingsAction(r)
		if err == nil {
			http.Redirect(w, r, v.Base+"/settings?done="+done, http.StatusSeeOther)
			return
		}
		if e := sitecore.AsError(err); policyFields[e.Field] != "" {
			e2 := *e
			e2.Field = policyFields[e.Field]
			err = &e2
		}
		status = consoleError(v, err, "first_hours", "resolution_hours", "auto_close_days", "solved_window_days", "reminder_pct",
			"second_pct", "calendar", "day_start", "day_end", "weekdays", "holidays", "title", "body", "lang")
		for k := range r.PostForm {
			v.Values[k] = r.PostForm.Get(k)
		}
	}
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.UI["done_"+d]
	}
	if err := s.fillSettings(r, v); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	s.writeConsole(w, r, status, v)
}

// hours reads a number of hours or days (a decimal mark of either kind) as seconds.
func hours(s string, unit float64) int64 {
	x, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err != nil || x <= 0 || math.IsInf(x, 0) {
		return -1 // refused by the service as a bad duration
	}
	return int64(math.Round(x * unit))
}

func (s *Server) settingsAction(r *http.Request) (string, error) {
	ctx, p, f := r.Context(), web.Principal(r), r.PostForm
	switch f.Get("action") {
	case "policy":
		rem, _ := strconv.Atoi(f.Get("reminder_pct"))
		sec, _ := strconv.Atoi(f.Get("second_pct"))
		_, err := s.Helpdesk.PutPolicy(ctx, p, helpdesk.PolicyInput{Category: f.Get("category"), Priority: f.Get("priority"),
			FirstResponseS: hours(f.Get("first_hours"), 3600), ResolutionS: hours(f.Get("resolution_hours"), 3600),
			ReminderPct: rem, SecondPct: sec, Calendar: f.Get("calendar"),
			AutoCloseS: hours(f.Get("auto_close_days"), 86400), SolvedWindowS: hours(f.Get("solved_window_days"), 86400)})
		return "policy", err
	case "calendar":
		in := helpdesk.CalendarView{DayStart: f.Get("day_start"), DayEnd: f.Get("day_end")}
		in.UTCOffsetMinutes, _ = strconv.Atoi(f.Get("utc_offset_minutes"))
		for _, d := range f["weekdays"] {
			n, err := strconv.Atoi(d)
			if err != nil {
				return "", sitecore.Invalid("weekdays", "helpdesk.weekday")
			}
			in.Weekdays = append(in.Weekdays, n)
		}
		for line := range strings.SplitSeq(f.Get("holidays"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				day, name, _ := strings.Cut(line, " ")
				in.Holidays = append(in.Holidays, sitecore.Holiday{Day: day, Name: strings.TrimSpace(name)})
			}
		}
		err := s.Helpdesk.PutCalendar(ctx, p, in)
		if e := sitecore.AsError(err); err != nil && strings.HasPrefix(e.Field, "holidays[") {
			e2 := *e
			e2.Field = "holidays"
			err = &e2
		}
		return "calendar", err
	case "canned_add":
		_, err := s.Helpdesk.CreateCanned(ctx, p, helpdesk.NewCanned{Lang: f.Get("lang"), Title: f.Get("title"), Body: f.Get("body")})
		return "canned_add", err
	case "canned_delete":
		id, _ := strconv.ParseInt(f.Get("id"), 10, 64)
		return "canned_delete", s.Helpdesk.DeleteCanned(ctx, p, id)
	}
	return "", sitecore.Invalid("action", "field.required")
}

func (s *Server) fillSettings(r *http.Request, v *consoleView) error {
	ctx, p, ui, lang := r.Context(), web.Principal(r), v.UI, v.Lang
	sv := &settingsView{PolicyFields: []string{"first_hours", "resolution_hours", "reminder_pct", "second_pct", "auto_close_days", "solved_window_days"}}
	v.Settings = sv
	pols, err := s.Helpdesk.Policies(ctx, p)
	if err != nil {
		return err
	}
	for _, pol := range pols {
		row := policyRow{CategoryCode: string(pol.Category), PriorityCode: string(pol.Priority),
			Category: ui["any"], Priority: ui["any"], Reminder: pol.ReminderPct, Second: pol.SecondPct, Calendar: ui["cal_"+pol.Calendar],
			First: fmtPrecise(pol.FirstResponse.Hours(), 2, lang), Resolution: fmtPrecise(pol.Resolution.Hours(), 2, lang),
			AutoClose: fmtPrecise(pol.AutoClose.Hours()/24, 2, lang), SolvedWindow: fmtPrecise(pol.SolvedWindow.Hours()/24, 2, lang)}
		if pol.Category != "" {
			row.Category = ui["cat_"+string(pol.Category)]
		}
		if pol.Priority != "" {
			row.Priority = ui["prio_"+string(pol.Priority)]
		}
		sv.Policies = append(sv.Policies, row)
	}
	sv.Categories = append([]option{{Value: "", Label: ui["any"]}}, options(stringsOf(sitecore.TicketCategories), func(c string) string { return ui["cat_"+c] }, v.Values["category"])...)
	sv.Priorities = append([]option{{Value: "", Label: ui["any"]}}, options(stringsOf(sitecore.TicketPriorities), func(c string) string { return ui["prio_"+c] }, v.Values["priority"])...)
	cal, err := s.Helpdesk.Calendar(ctx, p)
	if err != nil {
		return err
	}
	sv.DayStart, sv.DayEnd, sv.Offset = cal.DayStart, cal.DayEnd, cal.UTCOffsetMinutes
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		sv.Weekdays = append(sv.Weekdays, option{Value: strconv.Itoa(d), Label: ui["wd_"+strconv.Itoa(d)], Selected: slices.Contains(cal.Weekdays, d)})
	}
	var hs []string
	for _, h := range cal.Holidays {
		hs = append(hs, strings.TrimSpace(h.Day+" "+h.Name))
	}
	sv.Holidays = strings.Join(hs, "\n")
	if v.Values["holidays"] != "" {
		sv.Holidays = v.Values["holidays"]
	}
	cs, err := s.Helpdesk.CannedResponses(ctx, p, "")
	if err != nil {
		return err
	}
	for _, l := range consoleLangs {
		g := cannedGroup{Lang: string(l), Label: l.Native()}
		for _, c := range cs {
			if c.Lang == l {
				g.Items = append(g.Items, c)
			}
		}
		sv.Canned = append(sv.Canned, g)
		sv.Langs = append(sv.Langs, option{Value: string(l), Label: l.Native(), Selected: string(l) == v.Values["lang"]})
	}
	return nil
}
