package httpapi

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/excel"
)

// Events: a school's calendar with sign-up (sitecore/events). Admins of the section
// "events" create, change and cancel events and mark attendance; the school's accounts sign
// up themselves or their confirmed children.

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "events", func(id int64) (any, error) {
		return s.Events.List(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) {
	var in events.Input
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "event", func(id int64) (any, error) {
		return s.Events.Create(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}

// eventCall runs call with the site's and the event's IDs from the path.
func (s *Server) eventCall(w http.ResponseWriter, r *http.Request, status int, name string, call func(siteID, eventID int64) (any, error)) {
	eid, ok := s.IDParam(w, r, "eventID", "event")
	if !ok {
		return
	}
	s.siteCall(w, r, status, name, func(id int64) (any, error) { return call(id, eid) })
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "eventID", "event")
	if !ok {
		return
	}
	v, err := s.Events.Get(r.Context(), web.Principal(r), id, eid)
	s.Respond(w, r, http.StatusOK, v, err)
}

func (s *Server) updateEvent(w http.ResponseWriter, r *http.Request) {
	var in events.Input
	if !s.Decode(w, r, &in) {
		return
	}
	s.eventCall(w, r, http.StatusOK, "event", func(id, eid int64) (any, error) {
		return s.Events.Update(r.Context(), web.Principal(r), s.Actor(r), id, eid, in)
	})
}

func (s *Server) cancelEvent(w http.ResponseWriter, r *http.Request) {
	s.eventCall(w, r, http.StatusOK, "event", func(id, eid int64) (any, error) {
		return s.Events.Cancel(r.Context(), web.Principal(r), s.Actor(r), id, eid)
	})
}

func (s *Server) signUpEvent(w http.ResponseWriter, r *http.Request) {
	var in struct {
		AttendeeID int64 `json:"attendee_id"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.eventCall(w, r, http.StatusCreated, "signup", func(id, eid int64) (any, error) {
		return s.Events.SignUp(r.Context(), web.Principal(r), id, eid, in.AttendeeID)
	})
}

func (s *Server) cancelEventSignUp(w http.ResponseWriter, r *http.Request) {
	aid, ok := s.IDParam(w, r, "attendeeID", "signup")
	if !ok {
		return
	}
	s.eventCall(w, r, http.StatusNoContent, "", func(id, eid int64) (any, error) {
		return nil, s.Events.CancelSignUp(r.Context(), web.Principal(r), id, eid, aid)
	})
}

func (s *Server) markEventAttendance(w http.ResponseWriter, r *http.Request) {
	var in events.Mark
	if !s.Decode(w, r, &in) {
		return
	}
	s.eventCall(w, r, http.StatusOK, "signups", func(id, eid int64) (any, error) {
		if err := s.Events.MarkAttended(r.Context(), web.Principal(r), id, eid, in); err != nil {
			return nil, err
		}
		_, list, err := s.Events.SignUps(r.Context(), web.Principal(r), id, eid)
		return list, err
	})
}

func (s *Server) eventAttendanceXLSX(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	eid, ok := s.IDParam(w, r, "eventID", "event")
	if !ok {
		return
	}
	e, list, err := s.Events.SignUps(r.Context(), web.Principal(r), id, eid)
	if err != nil {
		s.Respond(w, r, 0, nil, err)
		return
	}
	data, err := excel.EventAttendance(web.Lang(r), e, list)
	if err != nil {
		s.Respond(w, r, 0, nil, err)
		return
	}
	web.WriteXLSX(w, "event-"+strconv.FormatInt(eid, 10)+"-attendance.xlsx", data)
}
