package site

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// AccountApplications lists the caller's applications at this school with their status as
// families see it (a decision not yet released reads "under review").
func (s *Server) AccountApplications(w http.ResponseWriter, r *http.Request) {
	site, v, ok := s.accountEnter(w, r, "applications")
	if !ok {
		return
	}
	apps, err := s.Admissions.MyApplications(r.Context(), web.Principal(r))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, a := range apps {
		if a.SiteID != site.ID {
			continue
		}
		v.Applications = append(v.Applications, accountApplication{ID: a.ID, Number: a.Number, Child: a.ChildName,
			Grade: a.Grade, Code: string(a.Status), Status: sitecore.StatusName(a.Status, v.Lang), Date: localDate(a.CreatedAt)})
	}
	s.writeAccount(w, r, http.StatusOK, v)
}

// AccountApplication shows one of the caller's applications at this school with its
// history; another account's, or one at another school, is "not found".
func (s *Server) AccountApplication(w http.ResponseWriter, r *http.Request) {
	site, v, ok := s.accountEnter(w, r, "applications")
	if !ok {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "appID"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	a, err := s.Admissions.MyApplication(r.Context(), web.Principal(r), id)
	if sitecore.ErrorCode(err) == sitecore.ENotFound || err == nil && a.SiteID != site.ID {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	app := &accountApplication{ID: a.ID, Number: a.Number, Child: a.ChildName, Grade: a.Grade, Code: string(a.Status),
		Status: sitecore.StatusName(a.Status, v.Lang), Date: localDate(a.CreatedAt),
		CanRespond: a.Status == sitecore.AppAdmitted && a.Released}
	for _, e := range a.History {
		app.History = append(app.History, accountEvent{Date: sitecore.LocalDateTime(e.At), Code: string(e.To),
			Status: sitecore.StatusName(e.To, v.Lang)})
	}
	v.App, v.Title = app, v.UI["number"]+" "+a.Number
	s.writeAccount(w, r, http.StatusOK, v)
}

// AccountTickets lists the caller's helpdesk tickets, linking to the ticket pages.
func (s *Server) AccountTickets(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.accountEnter(w, r, "tickets")
	if !ok {
		return
	}
	ts, err := s.Helpdesk.MyTickets(r.Context(), web.Principal(r), sitecore.TicketFilter{})
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ui := render.HelpdeskStrings(v.Lang)
	for i := range ts {
		v.Tickets = append(v.Tickets, row(&ts[i], ui))
	}
	s.writeAccount(w, r, http.StatusOK, v)
}

// AccountSignOutEverywhere asks for confirmation (GET) and then ends every session and API
// token of the account (POST), this browser's too, and sends the browser to the login page.
func (s *Server) AccountSignOutEverywhere(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.accountEnter(w, r, "signout")
	if !ok {
		return
	}
	if r.Method == http.MethodPost {
		if err := s.Accounts.SignOutEverywhere(r.Context(), web.Principal(r)); err != nil {
			v.Error = s.ErrorDetail(r, sitecore.AsError(err)).Message
			s.writeAccount(w, r, web.StatusOf(sitecore.ErrorCode(err)), v)
			return
		}
		s.ClearSession(w, r)
		http.Redirect(w, r, "/"+string(v.Lang)+"/login", http.StatusSeeOther)
		return
	}
	s.writeAccount(w, r, http.StatusOK, v)
}
