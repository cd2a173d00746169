package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The school's events calendar on its site: /{lang}/events lists what is coming (or, with
// ?view=month&month=YYYY-MM, a month as a grid), /{lang}/events/{id} shows one event with
// the sign-up form (POST/redirect/GET, no script needed), and the iCalendar feeds
// /{lang}/events.ics and /{lang}/events/{id}.ics. Times are Asia/Almaty.

//go:embed templates/events.html
var eventsHTML string

var eventsPage = template.Must(template.New("events").Funcs(template.FuncMap{
	"html_safe": func(s string) template.HTML { return template.HTML(s) }, // descriptions are stored sanitized
}).Parse(eventsHTML))

// eventItem is an event as the pages show it, in one language.
type eventItem struct {
	ID                      int64
	Title, Description      string
	When, Ends, Closes, ISO string
	Place, OnlineURL        string
	Capacity, Free, Waiting int
	Cancelled, Open         bool
	Href, ICal              string
	Day                     int
}

// eventDay is a cell of the month grid.
type eventDay struct {
	Day    int
	Events []eventItem
}

type eventsView struct {
	Lang       sitecore.Lang
	UI         map[string]string
	SiteName   string
	Title      string
	Languages  []render.Link
	CSS        string
	View       string // list | month | event
	Items      []eventItem
	Weeks      [][]eventDay
	Weekdays   []string
	Month      string
	Prev, Next string
	ListHref   string
	MonthHref  string
	ICal       string
	Event      *eventItem
	// The sign-up part of an event's page.
	LoggedIn  bool
	LoginHref string
	Attendees []events.Attendee
	Mine      []*events.SignUp
	Notice    string
	Error     string
}

var weekdayNames = map[sitecore.Lang][]string{
	sitecore.Kazakh:  {"Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жс"},
	sitecore.Russian: {"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"},
	sitecore.English: {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
}

var monthNames = map[sitecore.Lang][]string{
	sitecore.Kazakh:  {"Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек", "Қазан", "Қараша", "Желтоқсан"},
	sitecore.Russian: {"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"},
	sitecore.English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

func (s *Server) eventItem(e *events.Event, lang sitecore.Lang, site *sitecore.Site, now time.Time) eventItem {
	id := strconv.FormatInt(e.ID, 10)
	return eventItem{ID: e.ID, Title: events.Text(e.Title, lang, site.Languages),
		Description: events.Text(e.Description, lang, site.Languages),
		When:        formatWhen(e.StartsAt, lang), Ends: formatWhen(e.EndsAt, lang), Closes: formatWhen(e.SignupClosesAt, lang),
		ISO: e.StartsAt.Format(time.RFC3339), Place: e.Place, OnlineURL: e.OnlineURL, Capacity: e.Capacity,
		Free: max(0, e.Capacity-e.Taken), Waiting: e.Waiting, Cancelled: e.Cancelled, Open: e.Open(now),
		Href: "/" + string(lang) + "/events/" + id, ICal: "/" + string(lang) + "/events/" + id + "/event.ics",
		Day: e.StartsAt.In(sitecore.Almaty).Day()}
}

func (s *Server) eventsView(site *sitecore.Site, lang sitecore.Lang, path string) *eventsView {
	ui := locale.Events(lang)
	v := &eventsView{Lang: lang, UI: ui, SiteName: site.Name(lang), Title: ui["title"], CSS: frontend.Path("survey.css"),
		ListHref: "/" + string(lang) + "/events", MonthHref: "/" + string(lang) + "/events?view=month",
		ICal: "/" + string(lang) + "/events.ics"}
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
	}
	return v
}

func (s *Server) renderEvents(w http.ResponseWriter, r *http.Request, status int, v *eventsView) {
	var b bytes.Buffer
	if err := eventsPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render events", err))
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data: https:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("Content-Language", string(v.Lang))
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// EventsPage serves the calendar: a list of what is coming, or a month grid.
func (s *Server) EventsPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || s.Events == nil {
		s.NotFound(w, r)
		return
	}
	now := time.Now()
	v := s.eventsView(site, lang, r.URL.Path)
	q := r.URL.Query()
	var from, to time.Time
	if q.Get("view") == "month" {
		v.View = "month"
		m, err := time.ParseInLocation("2006-01", q.Get("month"), sitecore.Almaty)
		if err != nil {
			n := now.In(sitecore.Almaty)
			m = time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, sitecore.Almaty)
		}
		from, to = m, m.AddDate(0, 1, 0)
		v.Month = monthNames[lang.Text()][m.Month()-1] + " " + strconv.Itoa(m.Year())
		v.Prev = v.MonthHref + "&month=" + m.AddDate(0, -1, 0).Format("2006-01")
		v.Next = v.MonthHref + "&month=" + to.Format("2006-01")
	} else {
		v.View = "list"
		from, to = now.AddDate(0, 0, -1), now.AddDate(1, 0, 0)
	}
	list, err := s.Events.Calendar(r.Context(), site.ID, from, to)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, e := range list {
		v.Items = append(v.Items, s.eventItem(e, lang, site, now))
	}
	if v.View == "month" {
		v.Weeks, v.Weekdays = monthGrid(from, v.Items), weekdayNames[lang.Text()]
	}
	s.renderEvents(w, r, http.StatusOK, v)
}

// monthGrid lays a month out in weeks from Monday; days of other months are 0.
func monthGrid(first time.Time, items []eventItem) [][]eventDay {
	lead := (int(first.Weekday()) + 6) % 7
	days := first.AddDate(0, 1, -1).Day()
	var weeks [][]eventDay
	week := make([]eventDay, lead)
	for d := 1; d <= days; d++ {
		cell := eventDay{Day: d}
		for _, it := range items {
			if it.Day == d {
				cell.Events = append(cell.Events, it)
			}
		}
		week = append(week, cell)
		if len(week) == 7 {
			weeks, week = append(weeks, week), nil
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, eventDay{})
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// EventPage shows an event with the sign-up form; its forms post action (signup | cancel)
// and attendee here.
func (s *Server) EventPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || s.Events == nil {
		s.NotFound(w, r)
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "eventID"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	e, err := s.Events.Public(r.Context(), site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	p := web.Principal(r)
	v := s.eventsView(site, lang, r.URL.Path)
	v.View = "event"
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
		_ = r.ParseForm()
		attendee := formID(r.PostForm.Get("attendee"))
		switch r.PostForm.Get("action") {
		case "signup":
			_, err = s.Events.SignUp(r.Context(), p, site.ID, id, attendee)
		case "cancel":
			err = s.Events.CancelSignUp(r.Context(), p, site.ID, id, attendee)
		default:
			err = sitecore.Invalid("action", "field.required")
		}
		if err == nil {
			done := "signed"
			if r.PostForm.Get("action") == "cancel" {
				done = "unsigned"
			}
			http.Redirect(w, r, r.URL.Path+"?done="+done, http.StatusSeeOther)
			return
		}
		ae := sitecore.AsError(err)
		status, v.Error = web.StatusOf(ae.Code), sitecore.Message(lang, ae.Key, ae.Args)
		if e, err = s.Events.Public(r.Context(), site.ID, id); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	it := s.eventItem(e, lang, site, time.Now())
	v.Event, v.Title = &it, it.Title
	if d := r.URL.Query().Get("done"); d == "signed" || d == "unsigned" {
		v.Notice = v.UI[d]
	}
	v.LoggedIn = p.LoggedIn() && p.UserID != 0
	v.LoginHref = "/" + string(lang) + "/login?next=" + r.URL.Path
	if v.LoggedIn {
		if v.Attendees, err = s.Events.Attendees(r.Context(), p); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		if g, err := s.Events.Get(r.Context(), p, site.ID, id); err == nil {
			v.Mine = g.Mine
		}
	}
	s.renderEvents(w, r, status, v)
}

// EventsICal serves the site's calendar feed in the page language.
func (s *Server) EventsICal(w http.ResponseWriter, r *http.Request) {
	s.ical(w, r, 0)
}

// EventICal serves one event as an iCalendar file.
func (s *Server) EventICal(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "eventID"), 10, 64)
	if err != nil || id <= 0 {
		s.NotFound(w, r)
		return
	}
	s.ical(w, r, id)
}

func (s *Server) ical(w http.ResponseWriter, r *http.Request, id int64) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || s.Events == nil {
		s.NotFound(w, r)
		return
	}
	var list []*events.Event
	if id != 0 {
		e, err := s.Events.Public(r.Context(), site.ID, id)
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		list = []*events.Event{e}
	} else {
		now := time.Now()
		var err error
		if list, err = s.Events.Calendar(r.Context(), site.ID, now.AddDate(0, -1, 0), now.AddDate(1, 0, 0)); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	base := web.BaseURL(r)
	x := make([]events.ICalEvent, len(list))
	for i, e := range list {
		x[i] = events.NewICalEvent(e, lang, site.Languages, base+"/"+string(lang)+"/events/"+strconv.FormatInt(e.ID, 10))
	}
	name := site.Name(lang)
	if id != 0 && len(x) == 1 {
		name = x[0].Title
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(events.ICal(name, site.Domains[0], x, time.Now()))
}
