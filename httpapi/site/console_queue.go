package site

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The queue: a view (mine, team, unassigned, breached, waiting, recently solved), filters
// and a search in a GET form, the rows sorted by SLA due time, each with its clock. The page
// shows the clocks as of rendering; console.js asks ConsoleClocks for the rows on the page
// every ConsolePoll and recolours them.

type option struct {
	Value, Label string
	Body         string // a canned response's text, for console.js
	Selected     bool
}

type queueRow struct {
	ID                                   int64
	Subject, Requester, School, Assignee string
	Category, Priority, PriorityCode     string
	Status, StatusCode, Created          string
	Clock                                clockView
}

type clockView struct {
	State string `json:"state"`
	Label string `json:"label"` // "12 min left", "breached 1 h 5 min ago", "paused"
	Title string `json:"title"` // which target, and its due time
}

type queueView struct {
	View                             string
	Views                            []render.Link
	Categories, Priorities, Statuses []option
	Regions                          []option
	Q, Site                          string
	Rows                             []queueRow
	IDs                              string // the rows' IDs, for the clocks' polling
	Empty                            bool
}

func options(values []string, label func(string) string, selected string) []option {
	out := []option{}
	for _, v := range values {
		out = append(out, option{Value: v, Label: label(v), Selected: v == selected})
	}
	return out
}

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// ConsoleQueue shows a queue view.
func (s *Server) ConsoleQueue(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	v := s.newConsoleView(r, lang, "queue", "/")
	ui := v.UI
	q := r.URL.Query()
	f := sitecore.ConsoleFilter{View: q.Get("view"), Category: sitecore.TicketCategory(q.Get("category")),
		Priority: sitecore.TicketPriority(q.Get("priority")), Status: sitecore.TicketStatus(q.Get("status")), Query: q.Get("q")}
	if f.View == "" {
		f.View = sitecore.ViewMine
	}
	qv := &queueView{View: f.View, Q: f.Query, Site: q.Get("site")}
	v.Queue = qv
	status := http.StatusOK
	for name, dst := range map[string]*int64{"site": &f.SiteID, "region": &f.RegionID} {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				status = consoleError(v, sitecore.Invalid(name, "field.type", "want", "number"), "site", "region")
			}
			*dst = n
		}
	}
	for _, name := range sitecore.ConsoleViews {
		qq := url.Values(maps.Clone(q))
		qq.Del("poll")
		qq.Set("view", name)
		v.Queue.Views = append(v.Queue.Views, render.Link{Label: ui["view_"+name], Href: v.Base + "/?" + qq.Encode(), Current: name == f.View})
	}
	qv.Categories = options(stringsOf(sitecore.TicketCategories), func(c string) string { return ui["cat_"+c] }, string(f.Category))
	qv.Priorities = options(stringsOf(sitecore.TicketPriorities), func(c string) string { return ui["prio_"+c] }, string(f.Priority))
	qv.Statuses = options(stringsOf(sitecore.TicketStatuses), func(c string) string { return ui["st_"+c] }, string(f.Status))
	if units, err := s.Accounts.Store.OrgUnits(r.Context()); err == nil {
		for _, u := range units {
			if u.Kind == "region" {
				id := strconv.FormatInt(u.ID, 10)
				qv.Regions = append(qv.Regions, option{Value: id, Label: nameIn(u.Names, lang), Selected: id == q.Get("region")})
			}
		}
	}
	if status == http.StatusOK {
		ts, err := s.Helpdesk.ConsoleQueue(r.Context(), web.Principal(r), f)
		if err != nil {
			status = consoleError(v, err, "q", "site", "region", "category", "priority", "status", "view")
		}
		s.fillQueue(r, v, ts)
	}
	qv.Empty = len(qv.Rows) == 0
	s.writeConsole(w, r, status, v)
}

// fillQueue turns the tickets into rows with their clocks as of now.
func (s *Server) fillQueue(r *http.Request, v *consoleView, ts []sitecore.QueueTicket) {
	ui, lang := v.UI, v.Lang
	ids := make([]int64, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	clocks := map[int64]clockView{}
	if cs, err := s.Helpdesk.Clocks(r.Context(), web.Principal(r), ids, time.Now()); err == nil {
		for _, c := range cs {
			clocks[c.TicketID] = clockLabel(c, ui, lang)
		}
	}
	idText := make([]string, len(ts))
	for i, t := range ts {
		idText[i] = strconv.FormatInt(t.ID, 10)
		row := queueRow{ID: t.ID, Subject: t.Subject, Requester: t.RequesterName, Assignee: t.AssigneeName,
			School: nameIn(t.SchoolNames, lang), Category: ui["cat_"+string(t.Category)], Priority: ui["prio_"+string(t.Priority)],
			PriorityCode: string(t.Priority), Status: ui["st_"+string(t.Status)], StatusCode: string(t.Status),
			Created: fmtWhen(t.CreatedAt, lang), Clock: clocks[t.ID]}
		if row.Assignee == "" {
			row.Assignee = ui["nobody"]
		}
		if t.SiteID == 0 {
			row.School = ui["platform"]
		}
		v.Queue.Rows = append(v.Queue.Rows, row)
	}
	v.Queue.IDs = strings.Join(idText, ",")
}

// nameIn is a name in lang, else in Kazakh, Russian or English.
func nameIn(names map[sitecore.Lang]string, lang sitecore.Lang) string {
	if n := names[lang]; n != "" {
		return n
	}
	for _, l := range consoleLangs {
		if n := names[l]; n != "" {
			return n
		}
	}
	return ""
}

// clockLabel words a clock in the page language.
func clockLabel(c helpdesk.Clock, ui map[string]string, lang sitecore.Lang) clockView {
	cv := clockView{State: c.State, Label: ui["clock_"+c.State]}
	switch c.State {
	case helpdesk.ClockOK, helpdesk.ClockReminder:
		cv.Label = strings.ReplaceAll(ui["clock_left"], "{d}", fmtDuration(c.Left, ui))
	case helpdesk.ClockBreached:
		if c.Due != nil {
			cv.Label = strings.ReplaceAll(ui["clock_over"], "{d}", fmtDuration(-c.Left, ui))
		}
	}
	if c.Name != "" {
		cv.Title = ui["clock_"+c.Name]
		if c.Due != nil {
			cv.Title += ": " + fmtWhen(*c.Due, lang)
		}
		cv.Label = ui["clock_short_"+c.Name] + " · " + cv.Label
	}
	return cv
}

// ConsoleClocks answers the clocks of the tickets in ?ids= as JSON, worded in the page
// language: what console.js polls.
func (s *Server) ConsoleClocks(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok {
		return
	}
	var ids []int64
	for part := range strings.SplitSeq(r.URL.Query().Get("ids"), ",") {
		if part == "" {
			continue
		}
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil || n <= 0 {
			s.Error(w, r, sitecore.Invalid("ids", "field.type", "want", "number"))
			return
		}
		ids = append(ids, n)
	}
	cs, err := s.Helpdesk.Clocks(r.Context(), web.Principal(r), ids, time.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ui := locale.Console(lang)
	out := map[string]clockView{}
	for _, c := range cs {
		out[strconv.FormatInt(c.TicketID, 10)] = clockLabel(c, ui, lang)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.WriteJSON(w, http.StatusOK, map[string]any{"clocks": out})
}
