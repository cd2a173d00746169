package site

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/locale"
)

// The panel's section "events": the list with the form of a new event, and an event's page
// with its edit form, the cancellation, the sign-ups with attendance marks and the Excel
// export. Every action is the events service's, as in the JSON API.

var (
	panelEventsPage = panelPage("events.html", "event_form.html")
	panelEventPage  = panelPage("event.html", "event_form.html")
)

// panelEventsView is the model of both pages.
type panelEventsView struct {
	Events  []*events.Event
	Event   *events.Event
	SignUps []*events.SignUp
	Langs   []sitecore.Lang
	Open    bool
}

// eventInput reads the event form: titles and descriptions per language, Almaty times,
// place, link and capacity.
func eventInput(v *panelView, f map[string][]string) (events.Input, error) {
	get := func(k string) string {
		if x := f[k]; len(x) > 0 {
			return x[0]
		}
		return ""
	}
	in := events.Input{Title: map[sitecore.Lang]string{}, Description: map[sitecore.Lang]string{}}
	for _, l := range events.Langs {
		in.Title[l], in.Description[l] = get("title_"+string(l)), get("description_"+string(l))
		v.Values["title_"+string(l)], v.Values["description_"+string(l)] = in.Title[l], in.Description[l]
	}
	for _, k := range []string{"starts_at", "ends_at", "signup_closes_at", "place", "online_url", "capacity"} {
		v.Values[k] = get(k)
	}
	for _, t := range []struct {
		field string
		to    **time.Time
	}{{"starts_at", &in.StartsAt}, {"ends_at", &in.EndsAt}, {"signup_closes_at", &in.SignupClosesAt}} {
		if s := get(t.field); s != "" {
			x, err := parseLocalTime(t.field, s)
			if err != nil {
				return in, sitecore.Invalid(t.field, "field.required")
			}
			*t.to = &x
		} else if t.field == "starts_at" {
			return in, sitecore.Invalid(t.field, "field.required")
		}
	}
	place, url := get("place"), get("online_url")
	in.Place, in.OnlineURL = &place, &url
	c, err := strconv.Atoi(strings.TrimSpace(get("capacity")))
	if err != nil {
		return in, sitecore.Invalid("capacity", "events.capacity", "max", strconv.Itoa(events.MaxCapacity))
	}
	in.Capacity = &c
	return in, nil
}

// PanelEvents lists the site's events and creates new ones.
func (s *Server) PanelEvents(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionEvents, "events")
	if !ok {
		return
	}
	if s.Events == nil {
		s.NotFound(w, r)
		return
	}
	v.UI = locale.Events(v.Lang)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 256<<10)
		in, err := eventInput(v, r.PostForm)
		var e *events.Event
		if err == nil {
			e, err = s.Events.Create(r.Context(), v.p, s.Actor(r), v.Site.ID, in)
		}
		if err == nil {
			done(w, r, v.Path("events", strconv.FormatInt(e.ID, 10)), "event")
			return
		}
		status = v.fail(err)
	}
	list, err := s.Events.List(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Kind, v.Data = v.T("title"), "events", &panelEventsView{Events: list, Langs: events.Langs}
	s.renderPanel(w, r, status, panelEventsPage, v)
}

// PanelEvent shows an event: its form posts action save | cancel | mark here.
func (s *Server) PanelEvent(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionEvents, "events")
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "eventID"))
	if s.Events == nil || id == 0 {
		s.NotFound(w, r)
		return
	}
	v.UI = locale.Events(v.Lang)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 256<<10)
		var err error
		notice := "event"
		switch r.PostForm.Get("action") {
		case "save":
			var in events.Input
			if in, err = eventInput(v, r.PostForm); err == nil {
				_, err = s.Events.Update(r.Context(), v.p, s.Actor(r), v.Site.ID, id, in)
			}
		case "cancel":
			notice = "event_cancelled"
			_, err = s.Events.Cancel(r.Context(), v.p, s.Actor(r), v.Site.ID, id)
		case "mark":
			notice = "attendance"
			err = s.Events.MarkAttended(r.Context(), v.p, v.Site.ID, id, events.Mark{
				AttendeeID: formID(r.PostForm.Get("attendee")), Attended: r.PostForm.Get("attended") == "1"})
		default:
			err = sitecore.Invalid("action", "field.required")
		}
		if err == nil {
			done(w, r, v.Path("events", strconv.FormatInt(id, 10)), notice)
			return
		}
		status = v.fail(err)
	}
	e, list, err := s.Events.SignUps(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if r.Method != http.MethodPost {
		for _, l := range events.Langs {
			v.Values["title_"+string(l)], v.Values["description_"+string(l)] = e.Title[l], e.Description[l]
		}
		local := func(t time.Time) string { return t.In(sitecore.Almaty).Format("2006-01-02T15:04") }
		v.Values["starts_at"], v.Values["ends_at"], v.Values["signup_closes_at"] = local(e.StartsAt), local(e.EndsAt), local(e.SignupClosesAt)
		v.Values["place"], v.Values["online_url"], v.Values["capacity"] = e.Place, e.OnlineURL, strconv.Itoa(e.Capacity)
	}
	v.Title, v.Kind = events.Text(e.Title, v.Lang, v.Site.Languages), "event"
	v.Data = &panelEventsView{Event: e, SignUps: list, Langs: events.Langs, Open: !e.Cancelled && time.Now().Before(e.EndsAt)}
	s.renderPanel(w, r, status, panelEventPage, v)
}

// PanelEventXLSX downloads the event's attendance list.
func (s *Server) PanelEventXLSX(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionEvents, "events")
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "eventID"))
	if s.Events == nil || id == 0 {
		s.NotFound(w, r)
		return
	}
	e, list, err := s.Events.SignUps(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	data, err := excel.EventAttendance(v.Lang, e, list)
	if err != nil {
		s.ErrorPage(w, r, sitecore.Internal("event attendance", err))
		return
	}
	web.WriteXLSX(w, "event-"+strconv.FormatInt(id, 10)+"-attendance.xlsx", data)
}

// EventTitle is an event's title in the page language, else in another of the site's.
func (v *panelView) EventTitle(t map[sitecore.Lang]string) string {
	return events.Text(t, v.Lang, v.Site.Languages)
}
