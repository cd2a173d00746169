package httpapi

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
)

// The helpdesk: requesters work on their own tickets at /api/v1/helpdesk/tickets; the
// support team also has the queue, assignment, reports and settings. The service decides who
// sees what; a ticket that is not the caller's is "not found".

func (s *Server) ticketParam(w http.ResponseWriter, r *http.Request) (int64, bool) {
	return s.IDParam(w, r, "ticketID", "ticket")
}

func (s *Server) openTicket(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.NewTicket
	if !s.Decode(w, r, &in) {
		return
	}
	t, err := s.Helpdesk.Open(r.Context(), web.Principal(r), in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/helpdesk/tickets/"+strconv.FormatInt(t.ID, 10))
		if ri := web.InfoFrom(r.Context()); ri != nil {
			ri.WorkflowID = "ticket/" + strconv.FormatInt(t.ID, 10)
		}
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"ticket": t}, err)
}

// ticketFilter reads the list filters from the query string.
func ticketFilter(r *http.Request) (sitecore.TicketFilter, error) {
	q := r.URL.Query()
	f := sitecore.TicketFilter{Category: sitecore.TicketCategory(q.Get("category")), SLA: q.Get("sla")}
	for st := range strings.SplitSeq(q.Get("status"), ",") {
		if st = strings.TrimSpace(st); st != "" {
			f.Status = append(f.Status, sitecore.TicketStatus(st))
		}
	}
	for name, dst := range map[string]*int64{"site_id": &f.SiteID, "after": &f.AfterID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return f, sitecore.Invalid(name, "field.type", "want", "number")
			}
			*dst = n
		}
	}
	switch v := q.Get("assignee"); v {
	case "":
	case "none":
		f.AssigneeID = -1
	default:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return f, sitecore.Invalid("assignee", "field.type", "want", "number")
		}
		f.AssigneeID = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, sitecore.Invalid("limit", "field.type", "want", "number")
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) myTickets(w http.ResponseWriter, r *http.Request) {
	f, err := ticketFilter(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ts, err := s.Helpdesk.MyTickets(r.Context(), web.Principal(r), f)
	s.Respond(w, r, http.StatusOK, map[string]any{"tickets": ts}, err)
}

func (s *Server) ticketQueue(w http.ResponseWriter, r *http.Request) {
	f, err := ticketFilter(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ts, err := s.Helpdesk.Queue(r.Context(), web.Principal(r), f)
	s.Respond(w, r, http.StatusOK, map[string]any{"tickets": ts}, err)
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request) {
	id, ok := s.ticketParam(w, r)
	if !ok {
		return
	}
	d, err := s.Helpdesk.Get(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, d, err)
}

// ticketAction decodes the body into in (when not nil) and answers the ticket's state after
// act.
func (s *Server) ticketAction(w http.ResponseWriter, r *http.Request, in any, act func(id int64) (sitecore.TicketView, error)) {
	id, ok := s.ticketParam(w, r)
	if !ok {
		return
	}
	if in != nil && !s.Decode(w, r, in) {
		return
	}
	v, err := act(id)
	s.Respond(w, r, http.StatusOK, map[string]any{"ticket": v}, err)
}

func (s *Server) replyTicket(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.Reply
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Reply(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) changeTicket(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.Change
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Change(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) assignTicket(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AgentID int64 `json:"agent_id"`
	}
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Assign(r.Context(), web.Principal(r), id, in.AgentID)
	})
}

func (s *Server) waitTicket(w http.ResponseWriter, r *http.Request) {
	s.ticketAction(w, r, nil, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Waiting(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) solveTicket(w http.ResponseWriter, r *http.Request) {
	s.ticketAction(w, r, nil, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Solve(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) closeTicket(w http.ResponseWriter, r *http.Request) {
	s.ticketAction(w, r, nil, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Close(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) reopenTicket(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Reopen(r.Context(), web.Principal(r), id, in.Body)
	})
}

func (s *Server) mergeTicket(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Into int64 `json:"into"`
	}
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Merge(r.Context(), web.Principal(r), id, in.Into)
	})
}

func (s *Server) rateTicket(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.Rating
	s.ticketAction(w, r, &in, func(id int64) (sitecore.TicketView, error) {
		return s.Helpdesk.Rate(r.Context(), web.Principal(r), id, in)
	})
}

// rateWithToken takes a rating through the emailed link; it needs no login.
func (s *Server) rateWithToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token string `json:"token"`
		helpdesk.Rating
	}
	if !s.Decode(w, r, &in) {
		return
	}
	v, err := s.Helpdesk.RateWithToken(r.Context(), in.Token, in.Rating)
	s.Respond(w, r, http.StatusOK, map[string]any{"ticket": v}, err)
}

// attachTicket takes the file as the raw request body, named by ?name=. A declared length
// over the limit is refused before anything is read.
func (s *Server) attachTicket(w http.ResponseWriter, r *http.Request) {
	id, ok := s.ticketParam(w, r)
	if !ok {
		return
	}
	if r.ContentLength > helpdesk.MaxAttachment {
		s.Error(w, r, helpdesk.TooLarge())
		return
	}
	a, err := s.Helpdesk.Attach(r.Context(), web.Principal(r), id, r.URL.Query().Get("name"), r.Body)
	s.Respond(w, r, http.StatusCreated, map[string]any{"attachment": a}, err)
}

func (s *Server) ticketAttachment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.ticketParam(w, r)
	if !ok {
		return
	}
	attID, ok := s.IDParam(w, r, "attachmentID", "attachment")
	if !ok {
		return
	}
	a, rc, err := s.Helpdesk.OpenAttachment(r.Context(), web.Principal(r), id, attID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Content-Disposition", "attachment")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	_, _ = io.Copy(w, rc)
}

func (s *Server) helpdeskAgents(w http.ResponseWriter, r *http.Request) {
	as, err := s.Helpdesk.Agents(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"agents": as}, err)
}

func (s *Server) setDuty(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Away bool `json:"away"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Helpdesk.SetAway(r.Context(), web.Principal(r), in.Away))
}

func (s *Server) cannedResponses(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Helpdesk.CannedResponses(r.Context(), web.Principal(r), r.URL.Query().Get("lang"))
	s.Respond(w, r, http.StatusOK, map[string]any{"canned": cs}, err)
}

func (s *Server) createCanned(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.NewCanned
	if !s.Decode(w, r, &in) {
		return
	}
	c, err := s.Helpdesk.CreateCanned(r.Context(), web.Principal(r), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"canned": c}, err)
}

func (s *Server) deleteCanned(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "cannedID", "canned")
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Helpdesk.DeleteCanned(r.Context(), web.Principal(r), id))
}

func (s *Server) slaPolicies(w http.ResponseWriter, r *http.Request) {
	ps, err := s.Helpdesk.Policies(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"policies": ps}, err)
}

func (s *Server) putSLAPolicy(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.PolicyInput
	if !s.Decode(w, r, &in) {
		return
	}
	p, err := s.Helpdesk.PutPolicy(r.Context(), web.Principal(r), in)
	s.Respond(w, r, http.StatusOK, map[string]any{"policy": p}, err)
}

func (s *Server) slaCalendar(w http.ResponseWriter, r *http.Request) {
	c, err := s.Helpdesk.Calendar(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"calendar": c}, err)
}

func (s *Server) putSLACalendar(w http.ResponseWriter, r *http.Request) {
	var in helpdesk.CalendarView
	if !s.Decode(w, r, &in) {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Helpdesk.PutCalendar(r.Context(), web.Principal(r), in))
}

// reportPeriod reads ?from= and ?to= (dates in Almaty, both included).
func reportPeriod(r *http.Request) (from, to time.Time, err error) {
	q := r.URL.Query()
	for name, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		v := q.Get(name)
		if v == "" {
			return from, to, sitecore.Invalid(name, "field.required")
		}
		t, perr := time.ParseInLocation(time.DateOnly, v, sitecore.Almaty)
		if perr != nil {
			return from, to, sitecore.Invalid(name, "helpdesk.date")
		}
		*dst = t
	}
	return from, to.AddDate(0, 0, 1), nil
}

func (s *Server) agentReport(w http.ResponseWriter, r *http.Request) {
	from, to, err := reportPeriod(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rs, err := s.Helpdesk.Report(r.Context(), web.Principal(r), from, to)
	s.Respond(w, r, http.StatusOK, map[string]any{"agents": rs}, err)
}

func (s *Server) agentReportXLSX(w http.ResponseWriter, r *http.Request) {
	from, to, err := reportPeriod(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	buf := &deferredWriter{}
	if err := s.Helpdesk.ExportReport(r.Context(), web.Principal(r), from, to, web.Lang(r), buf); err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteXLSX(w, "helpdesk-agents.xlsx", buf.data)
}

func (s *Server) ticketsXLSX(w http.ResponseWriter, r *http.Request) {
	from, to, err := reportPeriod(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	buf := &deferredWriter{}
	if _, err := s.Helpdesk.ExportTickets(r.Context(), web.Principal(r), from, to, web.Lang(r), buf); err != nil {
		s.Error(w, r, err)
		return
	}
	web.WriteXLSX(w, "helpdesk-tickets.xlsx", buf.data)
}
