package site

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/locale"
)

// A ticket in the console: the thread (public replies and internal notes look different;
// notes never reach the requester, the service leaves them out of every requester's view),
// the requester's school and earlier tickets, attachments inline, and every action as a form
// whose POST calls the same service method as the JSON API, which sends the same Temporal
// update; a validator's refusal comes back as the page with the message. A reply carries
// the ID of the last message its author saw: if others wrote since, the page shows what they
// wrote and asks again before sending (collision), and console.js warns while typing.

type messageView struct {
	ID                     int64
	Author, At, Body       string
	Internal, Team, System bool
}

type attachmentView struct {
	ID               int64
	Name, Size, Href string
	Image, PDF       bool
}

type ticketView struct {
	T                                  *sitecore.Ticket
	Status, Category, Priority, School string
	Requester, RequesterLang, Created  string
	Assignee                           string
	Clock                              clockView
	Messages                           []messageView
	Attachments                        []attachmentView
	Earlier                            []queueRow
	Canned                             []option
	Agents, Categories, Priorities     []option
	Viewers                            []string
	Seen                               int64
	Body                               string
	Stale                              []messageView
	MergeQ                             string
	MergeHits                          []queueRow
	CanReply, CanNote, CanClaim        bool
	CanAssign, CanChange, CanWait      bool
	CanSolve, CanMerge, CanReopen      bool
	CanClose, Open                     bool
}

func (s *Server) consoleTicketID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "ticketID"), 10, 64)
	if err != nil || id <= 0 {
		s.NotFound(w, r)
		return 0, false
	}
	return id, true
}

// ConsoleTicket shows a ticket (GET) and runs the action of one of its forms (POST).
func (s *Server) ConsoleTicket(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok || !s.consoleAgent(w, r, lang) {
		return
	}
	id, ok := s.consoleTicketID(w, r)
	if !ok {
		return
	}
	path := "/tickets/" + strconv.FormatInt(id, 10)
	v := s.newConsoleView(r, lang, "ticket", path)
	v.Ticket = &ticketView{}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			status = consoleError(v, helpdesk.TooLarge())
		} else {
			done, err := s.consoleAction(r, v, id)
			switch {
			case err != nil:
				status = consoleError(v, err, "body", "agent_id", "category", "priority", "into")
				v.Ticket.Body = r.PostForm.Get("body")
			case done != "":
				http.Redirect(w, r, v.Base+path+"?done="+url.QueryEscape(done), http.StatusSeeOther)
				return
			default: // a stale reply: shown again with what others wrote
				status = http.StatusConflict
			}
		}
	}
	if done := r.URL.Query().Get("done"); r.Method == http.MethodGet && done != "" && v.UI["done_"+done] != "" {
		v.Notice = v.UI["done_"+done]
	}
	if err := s.fillTicket(r, v, id); err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
			return
		}
		s.ErrorPage(w, r, err)
		return
	}
	s.writeConsole(w, r, status, v)
}

// consoleAction runs the posted action and names it for the notice; ("", nil) means a reply
// written against an old state that waits for confirmation.
func (s *Server) consoleAction(r *http.Request, v *consoleView, id int64) (string, error) {
	ctx, p, f := r.Context(), web.Principal(r), r.PostForm
	action := f.Get("action")
	var err error
	switch action {
	case "reply", "reply_wait":
		seen, _ := strconv.ParseInt(f.Get("seen"), 10, 64)
		if f.Get("confirm") != "1" {
			newer, err := s.Helpdesk.Newer(ctx, p, id, seen)
			if err != nil {
				return "", err
			}
			if len(newer) > 0 {
				v.Ticket.Body = f.Get("body")
				for _, m := range newer {
					v.Ticket.Stale = append(v.Ticket.Stale, messageView{ID: m.ID, Author: m.AuthorName, At: fmtWhen(m.CreatedAt, v.Lang),
						Body: m.Body, Internal: m.Internal})
				}
				v.Error = v.UI["stale_warning"]
				return "", nil
			}
		}
		_, err = s.Helpdesk.Reply(ctx, p, id, helpdesk.Reply{Body: f.Get("body"), Wait: action == "reply_wait"})
	case "note":
		_, err = s.Helpdesk.Reply(ctx, p, id, helpdesk.Reply{Body: f.Get("body"), Internal: true})
	case "claim":
		_, err = s.Helpdesk.Assign(ctx, p, id, 0)
	case "assign":
		agent, perr := strconv.ParseInt(f.Get("agent_id"), 10, 64)
		if perr != nil || agent <= 0 {
			return "", sitecore.Invalid("agent_id", "field.required")
		}
		_, err = s.Helpdesk.Assign(ctx, p, id, agent)
	case "change":
		_, err = s.Helpdesk.Change(ctx, p, id, helpdesk.Change{Category: f.Get("category"), Priority: f.Get("priority")})
	case "waiting":
		_, err = s.Helpdesk.Waiting(ctx, p, id)
	case "solve":
		_, err = s.Helpdesk.Solve(ctx, p, id)
	case "merge":
		into, perr := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(f.Get("into")), "#"), 10, 64)
		if perr != nil {
			return "", sitecore.Invalid("into", "helpdesk.merge_target")
		}
		_, err = s.Helpdesk.Merge(ctx, p, id, into)
	case "reopen":
		_, err = s.Helpdesk.ReopenAsAgent(ctx, p, id)
	case "close":
		_, err = s.Helpdesk.Close(ctx, p, id)
	default:
		return "", sitecore.Invalid("action", "field.required")
	}
	return action, err
}

// fillTicket loads what the ticket page shows.
func (s *Server) fillTicket(r *http.Request, v *consoleView, id int64) error {
	ctx, p, ui, lang := r.Context(), web.Principal(r), v.UI, v.Lang
	d, err := s.Helpdesk.Get(ctx, p, id)
	if err != nil {
		return err
	}
	if !d.Agent { // the requester's own ticket: their page is on the school's site
		return sitecore.NotFound("ticket")
	}
	t, tv := d.Ticket, v.Ticket
	tv.T = t
	v.Title = "№" + strconv.FormatInt(t.ID, 10) + " " + t.Subject
	tv.Status, tv.Category, tv.Priority = ui["st_"+string(t.Status)], ui["cat_"+string(t.Category)], ui["prio_"+string(t.Priority)]
	tv.Requester, tv.RequesterLang, tv.Created = t.RequesterName, t.Lang.Native(), fmtWhen(t.CreatedAt, lang)
	tv.Assignee = t.AssigneeName
	if tv.Assignee == "" {
		tv.Assignee = ui["nobody"]
	}
	tv.School = ui["platform"]
	if t.SiteID != 0 {
		if site, err := s.Helpdesk.Sites.FindSiteByID(ctx, t.SiteID); err == nil {
			tv.School = site.Name(lang)
		}
	}
	if cs, err := s.Helpdesk.Clocks(ctx, p, []int64{id}, time.Now()); err == nil && len(cs) == 1 {
		tv.Clock = clockLabel(cs[0], ui, lang)
	}
	for i, m := range d.Messages {
		mv := messageView{ID: m.ID, Author: m.AuthorName, At: fmtWhen(m.CreatedAt, lang), Body: m.Body,
			Internal: m.Internal, Team: m.AuthorID != t.RequesterID && m.AuthorID != 0, System: m.AuthorID == 0}
		if i == 0 && m.AuthorID == t.RequesterID {
			mv.Team = false
		}
		tv.Messages = append(tv.Messages, mv)
		tv.Seen = max(tv.Seen, m.ID)
	}
	base := v.Base + "/tickets/" + strconv.FormatInt(id, 10) + "/files/"
	for _, a := range d.Attachments {
		tv.Attachments = append(tv.Attachments, attachmentView{ID: a.ID, Name: a.Name, Size: fmtSize(a.Size, lang),
			Href: base + strconv.FormatInt(a.ID, 10), Image: strings.HasPrefix(a.ContentType, "image/"), PDF: a.ContentType == "application/pdf"})
	}
	if ts, err := s.Helpdesk.RequesterTickets(ctx, p, t.RequesterID); err == nil {
		for _, e := range ts {
			if e.ID != id {
				tv.Earlier = append(tv.Earlier, queueRow{ID: e.ID, Subject: e.Subject, Status: ui["st_"+string(e.Status)],
					StatusCode: string(e.Status), Created: fmtWhen(e.CreatedAt, lang)})
			}
		}
	}
	if cs, err := s.Helpdesk.CannedResponses(ctx, p, string(t.Lang)); err == nil {
		picked := r.URL.Query().Get("canned")
		for _, c := range cs {
			cid := strconv.FormatInt(c.ID, 10)
			tv.Canned = append(tv.Canned, option{Value: cid, Label: c.Title, Body: c.Body, Selected: cid == picked})
			if cid == picked && tv.Body == "" {
				tv.Body = c.Body
			}
		}
	}
	if as, err := s.Helpdesk.Agents(ctx, p); err == nil {
		for _, a := range as {
			if a.Role == sitecore.PlatformSupport || a.Role == sitecore.PlatformSupportLead {
				label := a.Name
				if a.Away {
					label += " (" + ui["away"] + ")"
				}
				tv.Agents = append(tv.Agents, option{Value: strconv.FormatInt(a.UserID, 10), Label: label, Selected: a.UserID == t.AssigneeID})
			}
		}
	}
	tv.Categories = options(stringsOf(sitecore.TicketCategories), func(c string) string { return ui["cat_"+c] }, string(t.Category))
	tv.Priorities = options(stringsOf(sitecore.TicketPriorities), func(c string) string { return ui["prio_"+c] }, string(t.Priority))
	if vs, err := s.Helpdesk.Present(ctx, p, id, time.Now()); err == nil {
		for _, x := range vs {
			tv.Viewers = append(tv.Viewers, x.Name)
		}
	}
	if q := strings.TrimSpace(r.URL.Query().Get("merge_q")); q != "" {
		tv.MergeQ = q
		if ts, err := s.Helpdesk.ConsoleQueue(ctx, p, sitecore.ConsoleFilter{View: sitecore.ViewTeam, Query: q, Limit: 20}); err == nil {
			for _, h := range ts {
				if h.ID != id {
					tv.MergeHits = append(tv.MergeHits, queueRow{ID: h.ID, Subject: h.Subject, Requester: h.RequesterName,
						Status: ui["st_"+string(h.Status)]})
				}
			}
		}
	}
	// What the caller may do, as the workflow's validators will decide it: shown enabled
	// only when it would be accepted.
	open := t.Status == sitecore.TicketNew || t.Status == sitecore.TicketOpen || t.Status == sitecore.TicketWaiting
	handles := p.SupportLead() || (t.AssigneeID != 0 && t.AssigneeID == p.UserID)
	tv.Open = open
	tv.CanNote = open
	tv.CanReply = open && handles
	tv.CanClaim = open && t.AssigneeID == 0
	tv.CanAssign = open && handles
	tv.CanChange = open && handles
	tv.CanWait = t.Status == sitecore.TicketOpen && handles
	tv.CanSolve = open && handles
	tv.CanMerge = open && handles
	tv.CanReopen = t.Status == sitecore.TicketSolved && handles
	tv.CanClose = p.SupportLead() && t.Status != sitecore.TicketClosed
	return nil
}

func fmtSize(n int64, lang sitecore.Lang) string {
	ui := locale.Console(lang)
	switch {
	case n >= 1<<20:
		return fmtDecimal(float64(n)/(1<<20), lang) + " " + ui["unit_mb"]
	case n >= 1<<10:
		return fmtDecimal(float64(n)/(1<<10), lang) + " " + ui["unit_kb"]
	}
	return strconv.FormatInt(n, 10) + " " + ui["unit_b"]
}

// ConsolePresence records that the agent has the ticket open and answers, as JSON, who else
// has it open and how many messages others wrote after ?after= (console.js polls it).
func (s *Server) ConsolePresence(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok {
		return
	}
	id, ok := s.consoleTicketID(w, r)
	if !ok {
		return
	}
	ctx, p, ui := r.Context(), web.Principal(r), locale.Console(lang)
	vs, err := s.Helpdesk.Present(ctx, p, id, time.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	newer, err := s.Helpdesk.Newer(ctx, p, id, after)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	names := make([]string, len(vs))
	for i, x := range vs {
		names[i] = x.Name
	}
	out := map[string]any{"viewers": names, "newer": len(newer)}
	if len(names) > 0 {
		out["viewers_text"] = strings.ReplaceAll(ui["presence"], "{names}", strings.Join(names, ", "))
	}
	if len(newer) > 0 {
		out["newer_text"] = strings.ReplaceAll(ui["stale_live"], "{n}", strconv.Itoa(len(newer)))
	}
	w.Header().Set("Cache-Control", "no-store")
	s.WriteJSON(w, http.StatusOK, out)
}

// ConsoleAttachment serves an attachment of the ticket: images and PDF inline (to be shown
// in the page), anything else as a download.
func (s *Server) ConsoleAttachment(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.consoleLang(w, r); !ok {
		return
	}
	id, ok := s.consoleTicketID(w, r)
	if !ok {
		return
	}
	attID, err := strconv.ParseInt(chi.URLParam(r, "attachmentID"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	p := web.Principal(r)
	if !p.SupportAgent() {
		s.NotFound(w, r)
		return
	}
	a, rc, err := s.Helpdesk.OpenAttachment(r.Context(), p, id, attID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	inline := strings.HasPrefix(a.ContentType, "image/") || a.ContentType == "application/pdf"
	if inline {
		h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(a.Name))
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		h.Set("X-Frame-Options", "SAMEORIGIN")
	} else {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	_, _ = io.Copy(w, rc)
}
