package site

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/helpdesk"
)

// The requester's rating page behind the emailed link, in the console's look: the token
// in the link is the only credential, bound to one ticket and spent by the rating (the same
// service method as POST /api/v1/helpdesk/rating). Errors stand next to their field.

type rateView struct {
	Token, Subject string
	TicketID       int64
	Done           bool
	Stars          []int
	Reasons        []option
	Comment        string
}

// ConsoleRatePage shows the rating form (GET) and records the rating (POST).
func (s *Server) ConsoleRatePage(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
		lang = web.Lang(r)
	}
	v := s.newConsoleView(r, lang, "rate", "")
	// The language links keep the token: they are this page in another language.
	for i, l := range consoleLangs {
		q := r.URL.Query()
		q.Set("lang", string(l))
		v.Languages[i].Href = "/helpdesk/rate?" + q.Encode()
	}
	rv := &rateView{Token: r.URL.Query().Get("token"), Stars: []int{1, 2, 3, 4, 5}}
	v.Rate = rv
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		rv.Token, rv.Comment = r.PostForm.Get("token"), r.PostForm.Get("comment")
		v.Values["stars"], v.Values["reason"] = r.PostForm.Get("stars"), r.PostForm.Get("reason")
		stars, _ := strconv.Atoi(r.PostForm.Get("stars"))
		_, err := s.Helpdesk.RateWithToken(r.Context(), rv.Token, helpdesk.Rating{Stars: stars, Comment: rv.Comment, Reason: r.PostForm.Get("reason")})
		if err == nil {
			rv.Done, v.Notice = true, v.UI["rated"]
			s.writeConsole(w, r, http.StatusOK, v)
			return
		}
		status = consoleError(v, err, "stars", "reason", "comment")
	}
	for _, reason := range sitecore.RatingReasons {
		rv.Reasons = append(rv.Reasons, option{Value: reason, Label: v.UI["reason_"+reason], Selected: reason == v.Values["reason"]})
	}
	if t, err := s.Helpdesk.TicketForToken(r.Context(), rv.Token); err != nil {
		rv.Done = true
		status = consoleError(v, err)
	} else {
		rv.TicketID, rv.Subject = t.ID, t.Subject
		v.Title += ": №" + strconv.FormatInt(t.ID, 10) + " " + t.Subject
	}
	s.writeConsole(w, r, status, v)
}
