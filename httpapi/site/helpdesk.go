package site

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/render"
)

// The requester's helpdesk pages on the school's own site, server-rendered in the site's
// languages: the list of their tickets with the form for a new one (the site is filled in),
// one ticket with its conversation (reply, attach, close, reopen, rate); and, on the
// platform, the rating page behind the emailed link, which needs no login. They work without
// JavaScript and use the same service as the API.

func (s *Server) helpdeskView(site *sitecore.Site, lang sitecore.Lang, path string) *render.HelpdeskView {
	ui := render.HelpdeskStrings(lang)
	v := &render.HelpdeskView{Lang: lang, Title: ui["title"], UI: ui}
	if site != nil {
		v.SiteName = site.Name(lang)
		for _, l := range site.Languages {
			v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
		}
	}
	for _, c := range sitecore.TicketCategories {
		v.Categories = append(v.Categories, render.Link{Lang: sitecore.Lang(c), Label: ui[string(c)]})
	}
	for _, r := range sitecore.RatingReasons {
		key := r
		if r == "other" {
			key = "other_reason"
		}
		v.Reasons = append(v.Reasons, render.Link{Lang: sitecore.Lang(r), Label: ui[key]})
	}
	return v
}

func (s *Server) writeHelpdesk(w http.ResponseWriter, r *http.Request, status int, v *render.HelpdeskView) {
	page, err := s.Theme.Helpdesk(v)
	s.writePrivatePage(w, r, status, page, err)
}

// pageError shows err on the page, naming the field.
func (s *Server) pageError(r *http.Request, err error) (string, int) {
	e := sitecore.AsError(err)
	msg := s.ErrorDetail(r, e).Message
	if e.Field != "" && !strings.Contains(msg, e.Field) {
		msg += " (" + e.Field + ")"
	}
	return msg, web.StatusOf(e.Code)
}

// helpdeskLogin sends a visitor who is not logged in to the site's login page.
func helpdeskLogin(w http.ResponseWriter, r *http.Request, lang sitecore.Lang) bool {
	if p := web.Principal(r); p.LoggedIn() && p.UserID != 0 {
		return false
	}
	http.Redirect(w, r, "/"+string(lang)+"/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
	return true
}

func row(t *sitecore.Ticket, ui map[string]string) render.HelpdeskRow {
	return render.HelpdeskRow{ID: t.ID, Subject: t.Subject, Category: ui[string(t.Category)], Code: string(t.Status),
		Status: ui[string(t.Status)+"_status"]}
}

// HelpdeskPage lists the requester's tickets and opens new ones (multipart form, one file).
func (s *Server) HelpdeskPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || helpdeskLogin(w, r, lang) {
		return
	}
	v := s.helpdeskView(site, lang, "/helpdesk")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		id, err := s.openFromForm(w, r, site)
		if err == nil {
			http.Redirect(w, r, "/"+string(lang)+"/helpdesk/"+strconv.FormatInt(id, 10)+"?ok=1", http.StatusSeeOther)
			return
		}
		v.Error, status = s.pageError(r, err)
	}
	if ts, err := s.Helpdesk.MyTickets(r.Context(), web.Principal(r), sitecore.TicketFilter{}); err == nil {
		for i := range ts {
			v.Tickets = append(v.Tickets, row(&ts[i], v.UI))
		}
	}
	s.writeHelpdesk(w, r, status, v)
}

// openFromForm opens a ticket about this site from the form, with its file if any.
func (s *Server) openFromForm(w http.ResponseWriter, r *http.Request, site *sitecore.Site) (int64, error) {
	r.Body = http.MaxBytesReader(w, r.Body, helpdesk.MaxAttachment+1<<20)
	if err := parseForm(r); err != nil {
		return 0, err
	}
	f := r.MultipartForm
	p := web.Principal(r)
	t, err := s.Helpdesk.Open(r.Context(), p, helpdesk.NewTicket{Category: first(f.Value["category"]),
		Subject: first(f.Value["subject"]), Description: first(f.Value["description"]), SiteID: site.ID})
	if err != nil {
		return 0, err
	}
	return t.ID, s.attachFromForm(r, t.ID)
}

// parseForm parses a multipart or urlencoded form; a body over the limit is ETooLarge.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(1 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return helpdesk.TooLarge()
	case err != nil:
		return sitecore.Invalid("body", "field.required")
	}
	if r.MultipartForm == nil {
		r.MultipartForm = &multipart.Form{Value: r.PostForm}
	}
	return nil
}

func first(vs []string) string {
	if len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// attachFromForm attaches the form's "file", if one was chosen.
func (s *Server) attachFromForm(r *http.Request, id int64) error {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 || r.MultipartForm.File["file"][0].Size == 0 {
		return nil
	}
	fh := r.MultipartForm.File["file"][0]
	if fh.Size > helpdesk.MaxAttachment {
		return helpdesk.TooLarge()
	}
	file, err := fh.Open()
	if err != nil {
		return sitecore.Invalid("file", "field.required")
	}
	defer file.Close()
	_, err = s.Helpdesk.Attach(r.Context(), web.Principal(r), id, fh.Filename, file)
	return err
}

// HelpdeskTicketPage shows one ticket and takes the requester's actions on it.
func (s *Server) HelpdeskTicketPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || helpdeskLogin(w, r, lang) {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "ticketID"), 10, 64)
	if err != nil || id <= 0 {
		s.NotFound(w, r)
		return
	}
	p := web.Principal(r)
	path := "/helpdesk/" + strconv.FormatInt(id, 10)
	v := s.helpdeskView(site, lang, path)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if err := s.ticketFormAction(w, r, id); err != nil {
			v.Error, status = s.pageError(r, err)
		} else {
			http.Redirect(w, r, "/"+string(lang)+path, http.StatusSeeOther)
			return
		}
	}
	d, err := s.Helpdesk.Get(r.Context(), p, id)
	if err != nil || d.Agent { // agents work in the panel; this page is the requester's
		s.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("ok") == "1" {
		v.Notice = v.UI["opened"]
	}
	tr := row(d.Ticket, v.UI)
	v.Ticket, v.Attachments = &tr, d.Attachments
	v.Title = "№" + strconv.FormatInt(d.Ticket.ID, 10) + " " + d.Ticket.Subject
	for _, m := range d.Messages {
		v.Messages = append(v.Messages, render.HelpdeskMessage{Author: m.AuthorName, At: sitecore.LocalDateTime(m.CreatedAt),
			Body: m.Body, Agent: m.AuthorID != d.Ticket.RequesterID})
	}
	st := d.Ticket.Status
	v.CanReply = st == sitecore.TicketOpen || st == sitecore.TicketWaiting || st == sitecore.TicketNew
	v.CanClose = st != sitecore.TicketClosed
	v.CanReopen = st == sitecore.TicketSolved
	v.CanRate = st == sitecore.TicketSolved && d.Rating == nil
	s.writeHelpdesk(w, r, status, v)
}

// ticketFormAction runs the form's action: reply (with a file), close, reopen or rate.
func (s *Server) ticketFormAction(w http.ResponseWriter, r *http.Request, id int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, helpdesk.MaxAttachment+1<<20)
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, p := r.Context(), web.Principal(r)
	var err error
	switch r.FormValue("action") {
	case "reply":
		if _, err = s.Helpdesk.Reply(ctx, p, id, helpdesk.Reply{Body: r.FormValue("body")}); err == nil {
			err = s.attachFromForm(r, id)
		}
	case "close":
		_, err = s.Helpdesk.Close(ctx, p, id)
	case "reopen":
		_, err = s.Helpdesk.Reopen(ctx, p, id, "")
	case "rate":
		stars, _ := strconv.Atoi(r.FormValue("stars"))
		_, err = s.Helpdesk.Rate(ctx, p, id, helpdesk.Rating{Stars: stars, Comment: r.FormValue("comment"), Reason: r.FormValue("reason")})
	default:
		err = sitecore.Invalid("action", "field.required")
	}
	return err
}

// HelpdeskRatePage is the rating form behind the emailed link: the token in the link is the
// only credential, bound to one ticket and spent by the rating.
func (s *Server) HelpdeskRatePage(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
		lang = web.Lang(r)
	}
	v := s.helpdeskView(nil, lang, "")
	v.Rate, v.Title = true, v.UI["rate_title"]
	for _, l := range []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English} {
		q := r.URL.Query()
		q.Set("lang", string(l))
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/helpdesk/rate?" + q.Encode(), Lang: l, Current: l == lang})
	}
	status := http.StatusOK
	token := r.URL.Query().Get("token")
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		token = r.PostForm.Get("token")
		stars, _ := strconv.Atoi(r.PostForm.Get("stars"))
		_, err := s.Helpdesk.RateWithToken(r.Context(), token, helpdesk.Rating{Stars: stars,
			Comment: r.PostForm.Get("comment"), Reason: r.PostForm.Get("reason")})
		if err == nil {
			v.Done, v.Notice = true, v.UI["rated"]
			s.writeHelpdesk(w, r, http.StatusOK, v)
			return
		}
		v.Error, status = s.pageError(r, err)
	}
	v.Token = token
	if t, err := s.Helpdesk.TicketForToken(r.Context(), token); err != nil {
		v.Error, status, v.Done = s.ErrorDetail(r, sitecore.AsError(err)).Message, web.StatusOf(sitecore.ErrorCode(err)), true
	} else {
		v.Title += ": №" + strconv.FormatInt(t.ID, 10) + " " + t.Subject
	}
	s.writeHelpdesk(w, r, status, v)
}
