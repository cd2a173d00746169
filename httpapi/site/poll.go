package site

import (
	"bytes"
	"context"
	_ "embed"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/survey"
)

// Polls on the school's site: the list at /{lang}/polls, each poll's page at
// /{lang}/polls/{pollID} (the form, POST/redirect/GET without JavaScript, and the results
// when the poll shows them), and the form embedded in the page that owns the poll. Polls run
// on the survey engine (sitecore/survey/poll.go).

//go:embed templates/poll.html
var pollHTML string

var pollTemplates = template.Must(template.New("poll").Parse(pollHTML))

// pollCookie carries a guest's browser ID (signed; see survey.Service.NewBrowserID).
const pollCookie = "mektep_poll"

type pollView struct {
	Lang                         sitecore.Lang
	UI                           map[string]string
	SiteName, Title, Description string
	Opens, Closes, Action, CSS   string
	Error                        string
	ID                           int64
	Open, Closed, NeedsLogin     bool
	Voted, Guests, ShowLink      bool
	Questions                    []surveyQuestion
	Results                      []pollResult
	Languages                    []render.Link
}

type pollResult struct {
	Text    string
	Options []pollCount
}

type pollCount struct {
	Text       string
	Count, Pct int
}

// pollView builds what a voter sees of a poll: the form while it is open and they have not
// voted, and the results when the poll shows them to this voter.
func (s *Server) pollView(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, sv *survey.Survey, v survey.PollVoter) (*pollView, error) {
	now := time.Now()
	pv := &pollView{Lang: lang, UI: locale.PollPage(lang), SiteName: site.Name(lang), Title: pick(sv.Title, lang, site),
		Description: pick(sv.Description, lang, site), ID: sv.ID, Open: sv.Open(now),
		Closed: sv.Status == survey.StatusClosed || !now.Before(sv.ClosesAt), Guests: sv.Poll.Guests,
		Opens: formatWhen(sv.OpensAt, lang), Closes: formatWhen(sv.ClosesAt, lang),
		Action: "/" + string(lang) + "/polls/" + strconv.FormatInt(sv.ID, 10), CSS: frontend.Path("survey.css")}
	pv.NeedsLogin = !v.Principal.LoggedIn() && !sv.Poll.Guests
	pv.Questions = questionsView(sv, lang, site)
	var err error
	if pv.Voted, err = s.Surveys.Voted(ctx, sv, v); err != nil {
		return nil, err
	}
	_, res, err := s.Surveys.PollResults(ctx, site.ID, sv.ID, v)
	switch {
	case sitecore.ErrorCode(err) == sitecore.EForbidden:
	case err != nil:
		return nil, err
	default:
		pv.Results = pollResults(sv, res, lang, site)
	}
	for _, l := range site.Languages {
		pv.Languages = append(pv.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + "/polls/" + strconv.FormatInt(sv.ID, 10), Lang: l, Current: l == lang})
	}
	return pv, nil
}

// pollResults is the tally of the choice questions in the page language (free-text answers
// are only in the export).
func pollResults(sv *survey.Survey, res *survey.Results, lang sitecore.Lang, site *sitecore.Site) []pollResult {
	var out []pollResult
	for i, q := range res.Questions {
		if i >= len(sv.Questions) || len(q.Options) == 0 {
			continue
		}
		sq := sv.Questions[i]
		r := pollResult{Text: pick(sq.Text, lang, site)}
		for j, o := range q.Options {
			pct := 0
			if res.Ballots > 0 {
				pct = o.Count * 100 / res.Ballots
			}
			text := o.ID
			if j < len(sq.Options) {
				text = pick(sq.Options[j].Text, lang, site)
			}
			r.Options = append(r.Options, pollCount{Text: text, Count: o.Count, Pct: pct})
		}
		out = append(out, r)
	}
	return out
}

// voter is who votes from this request: the principal, and the guest's browser ID when the
// request carries a valid cookie.
func (s *Server) voter(r *http.Request) survey.PollVoter {
	v := survey.PollVoter{Principal: web.Principal(r)}
	if c, err := r.Cookie(pollCookie); err == nil {
		v.Browser = s.Surveys.BrowserID(c.Value)
	}
	return v
}

// PollPage shows a poll (GET) and takes a vote (POST), then redirects back to it.
func (s *Server) PollPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "pollID"), 10, 64)
	if err != nil || s.Surveys == nil {
		s.NotFound(w, r)
		return
	}
	v := s.voter(r)
	sv, err := s.Surveys.Get(r.Context(), v.Principal, site.ID, id)
	if err == nil && !sv.IsPoll() {
		err = sitecore.NotFound("poll")
	}
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	status, msg := http.StatusOK, ""
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			status, msg = http.StatusBadRequest, sitecore.Message(lang, "body.too_large", map[string]string{"limit": "64 KiB"})
		} else {
			if !v.Principal.LoggedIn() && sv.Poll.Guests && v.Browser == "" {
				var cookie string
				v.Browser, cookie = s.Surveys.NewBrowserID()
				http.SetCookie(w, &http.Cookie{Name: pollCookie, Value: cookie, Path: "/", MaxAge: 400 * 24 * 3600,
					HttpOnly: true, Secure: s.SecureRequest(r), SameSite: http.SameSiteLaxMode})
			}
			if _, err := s.Surveys.Vote(r.Context(), site.ID, sv.ID, v, BallotFromForm(sv, r.PostForm)); err != nil {
				e := sitecore.AsError(err)
				status, msg = web.StatusOf(e.Code), sitecore.Message(lang, e.Key, e.Args)
			} else {
				http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
				return
			}
		}
	}
	pv, err := s.pollView(r.Context(), site, lang, sv, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	pv.Error = msg
	var b bytes.Buffer
	err = pollTemplates.ExecuteTemplate(&b, "poll", pv)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	s.writePrivatePage(w, r, status, b.Bytes(), err)
}

// PollsPage lists the site's polls that visitors may see.
func (s *Server) PollsPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	if s.Surveys == nil {
		s.NotFound(w, r)
		return
	}
	polls, err := s.Surveys.Polls(r.Context(), site.ID, survey.OwnerNone, "")
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	type item struct{ Title, Href, When string }
	v := struct {
		Lang          sitecore.Lang
		UI            map[string]string
		SiteName, CSS string
		Polls         []item
	}{Lang: lang, UI: locale.PollPage(lang), SiteName: site.Name(lang), CSS: frontend.Path("survey.css")}
	for _, p := range polls {
		if p.Poll != nil && p.Poll.OwnerKind == survey.OwnerCommunity {
			continue // shown on its community's page, to those who see the community
		}
		v.Polls = append(v.Polls, item{Title: pick(p.Title, lang, site), Href: "/" + string(lang) + "/polls/" + strconv.FormatInt(p.ID, 10),
			When: formatWhen(p.OpensAt, lang) + " – " + formatWhen(p.ClosesAt, lang)})
	}
	var b bytes.Buffer
	err = pollTemplates.ExecuteTemplate(&b, "polls", v)
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	s.writePrivatePage(w, r, http.StatusOK, b.Bytes(), err)
}

// pagePolls renders the forms of the polls a page owns, for the cached public page: it is
// the same for every visitor, so it shows the form while the poll is open and a link to the
// poll's page (results, "you voted") otherwise.
func (s *Server) pagePolls(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, pageKey string) (string, error) {
	return s.ownerPolls(ctx, site, lang, survey.OwnerPage, pageKey)
}

// ownerPolls renders the forms of the polls an owner (a page, a community) shows.
func (s *Server) ownerPolls(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, kind, ref string) (string, error) {
	if s.Surveys == nil || ref == "" {
		return "", nil
	}
	polls, err := s.Surveys.Polls(ctx, site.ID, kind, ref)
	if err != nil || len(polls) == 0 {
		return "", err
	}
	var b bytes.Buffer
	for i := range polls {
		sv := &polls[i]
		now := time.Now()
		pv := &pollView{Lang: lang, UI: locale.PollPage(lang), Title: pick(sv.Title, lang, site),
			Description: pick(sv.Description, lang, site), ID: sv.ID, Open: sv.Open(now),
			Closed: sv.Status == survey.StatusClosed || !now.Before(sv.ClosesAt), Guests: sv.Poll.Guests, ShowLink: true,
			Opens: formatWhen(sv.OpensAt, lang), Closes: formatWhen(sv.ClosesAt, lang),
			Action: "/" + string(lang) + "/polls/" + strconv.FormatInt(sv.ID, 10), Questions: questionsView(sv, lang, site)}
		if err := pollTemplates.ExecuteTemplate(&b, "pollform", pv); err != nil {
			return "", sitecore.Internal("render poll", err)
		}
	}
	return b.String(), nil
}
