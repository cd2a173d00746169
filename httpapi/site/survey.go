package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/survey"
)

// A survey's page on the school's site: the questions in the page language and what the
// survey's mode guarantees. Named surveys without a signature work without JavaScript
// (POST/redirect/GET). Signing goes through NCALayer on the participant's computer and
// anonymous ballots need blinding in the browser, so those run in frontend/src/survey.js,
// which talks to the same JSON API as any client.

//go:embed templates/survey.html
var surveyHTML string

var surveyPage = template.Must(template.New("survey").Parse(surveyHTML))

// surveyQuestion is a question as the page shows it, in one language.
type surveyQuestion struct {
	ID, Kind, Text string
	Required       bool
	Options, Rows  []surveyOption
	Scale          []int
	MaxLength      int
}

type surveyOption struct{ ID, Text string }

type surveyView struct {
	Lang                         sitecore.Lang
	UI                           map[string]string
	SiteName, Title, Description string
	KindLabel, Opens, Closes     string
	ModeNote, Mode               string
	Languages                    []render.Link
	ID, SiteID                   int64
	Signed, Open, NeedsLogin     bool
	NeedsJS                      bool
	Questions                    []surveyQuestion
	Error, Receipt, Self         string
	NCALayerURL, CSS, JS         string
}

// DefaultNCALayerURL is where NCALayer listens on a participant's computer.
const DefaultNCALayerURL = "wss://127.0.0.1:13579"

// SurveyPage shows a survey (GET) and takes the ballot of a named, unsigned one (POST).
func (s *Server) SurveyPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "surveyID"), 10, 64)
	if err != nil || s.Surveys == nil {
		s.NotFound(w, r)
		return
	}
	p := web.Principal(r)
	sv, err := s.Surveys.Get(r.Context(), p, site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v := s.surveyView(r, site, lang, sv)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if sv.Mode != survey.Named || sv.SignatureRequired { // those go through the script
			s.NotFound(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
		if err := r.ParseForm(); err != nil {
			status, v.Error = http.StatusBadRequest, sitecore.Message(lang, "body.too_large", map[string]string{"limit": "256 KiB"})
		} else if rc, err := s.submitForm(r, site.ID, sv); err != nil {
			e := sitecore.AsError(err)
			status, v.Error = web.StatusOf(e.Code), sitecore.Message(lang, e.Key, e.Args)
		} else {
			http.Redirect(w, r, r.URL.Path+"?receipt="+url.QueryEscape(rc.Code), http.StatusSeeOther)
			return
		}
	}
	if code := r.URL.Query().Get("receipt"); code != "" && len(code) <= 64 {
		if counted, err := s.Surveys.CheckReceipt(r.Context(), site.ID, sv.ID, code); err == nil && counted {
			v.Receipt = code
		}
	}
	var b bytes.Buffer
	if err := surveyPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render", err))
		return
	}
	nca := s.ncaLayerURL()
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' " + nca +
		" https://127.0.0.1:24680; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	w.Header().Set("Content-Security-Policy", csp)
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

func (s *Server) ncaLayerURL() string {
	if s.NCALayerURL != "" {
		return s.NCALayerURL
	}
	return DefaultNCALayerURL
}

func (s *Server) surveyView(r *http.Request, site *sitecore.Site, lang sitecore.Lang, sv *survey.Survey) *surveyView {
	ui := locale.SurveyPage(lang)
	v := &surveyView{Lang: lang, UI: ui, SiteName: site.Name(lang), Title: pick(sv.Title, lang, site),
		Description: pick(sv.Description, lang, site), ID: sv.ID, SiteID: site.ID, Mode: string(sv.Mode),
		Signed: sv.SignatureRequired, Open: sv.Open(time.Now()), Self: r.URL.Path, NCALayerURL: s.ncaLayerURL(),
		Opens: formatWhen(sv.OpensAt, lang), Closes: formatWhen(sv.ClosesAt, lang),
		CSS: frontend.Path("survey.css"), JS: frontend.Path("survey.js")}
	v.KindLabel = ui["survey"]
	if sv.Kind == survey.KindVote {
		v.KindLabel = ui["vote"]
	}
	v.ModeNote = ui["mode_named"]
	if sv.Mode == survey.Anonymous {
		v.ModeNote = ui["mode_anonymous"]
	}
	v.NeedsJS = sv.SignatureRequired || sv.Mode == survey.Anonymous
	v.NeedsLogin = !sv.SignatureRequired && !web.Principal(r).LoggedIn()
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + "/surveys/" + strconv.FormatInt(sv.ID, 10), Lang: l, Current: l == lang})
	}
	v.Questions = questionsView(sv, lang, site)
	return v
}

// questionsView is the survey's questions in the page language.
func questionsView(sv *survey.Survey, lang sitecore.Lang, site *sitecore.Site) []surveyQuestion {
	var out []surveyQuestion
	for _, q := range sv.Questions {
		sq := surveyQuestion{ID: q.ID, Kind: string(q.Kind), Text: pick(q.Text, lang, site), Required: q.Required, MaxLength: q.MaxLength}
		for _, o := range q.Options {
			sq.Options = append(sq.Options, surveyOption{o.ID, pick(o.Text, lang, site)})
		}
		for _, o := range q.Rows {
			sq.Rows = append(sq.Rows, surveyOption{o.ID, pick(o.Text, lang, site)})
		}
		for i := 1; i <= q.Scale; i++ {
			sq.Scale = append(sq.Scale, i)
		}
		out = append(out, sq)
	}
	return out
}

// formatWhen is an instant as participants read it: the date in the page language and the
// time in Asia/Almaty.
func formatWhen(t time.Time, lang sitecore.Lang) string {
	return render.FormatDate(t, lang) + " " + t.In(sitecore.Almaty).Format("15:04")
}

// pick is the text in lang, else in the site's first language that has one.
func pick(m map[sitecore.Lang]string, lang sitecore.Lang, site *sitecore.Site) string {
	if t := m[lang]; t != "" {
		return t
	}
	for _, l := range site.Languages {
		if t := m[l]; t != "" {
			return t
		}
	}
	return ""
}

// BallotFromForm reads a ballot from form fields named q.<question> (and q.<question>.<row>
// for matrices), the names the page and the script share.
func BallotFromForm(sv *survey.Survey, form url.Values) survey.Ballot {
	b := survey.Ballot{Answers: map[string]survey.Answer{}}
	for _, q := range sv.Questions {
		key := "q." + q.ID
		var a survey.Answer
		switch q.Kind {
		case survey.Single:
			a.Choice = form.Get(key)
		case survey.Multiple:
			a.Choices = form[key]
		case survey.Scale:
			a.Value, _ = strconv.Atoi(form.Get(key))
		case survey.Text:
			a.Text = strings.TrimSpace(form.Get(key))
		case survey.Matrix:
			for _, row := range q.Rows {
				if c := form.Get(key + "." + row.ID); c != "" {
					if a.Rows == nil {
						a.Rows = map[string]string{}
					}
					a.Rows[row.ID] = c
				}
			}
		}
		if a.Choice != "" || len(a.Choices) > 0 || a.Value != 0 || a.Text != "" || len(a.Rows) > 0 {
			b.Answers[q.ID] = a
		}
	}
	return b
}

// submitForm stores the ballot of a named survey without a signature, sent by the form.
func (s *Server) submitForm(r *http.Request, siteID int64, sv *survey.Survey) (*survey.Receipt, error) {
	p := web.Principal(r)
	st, err := s.Surveys.Begin(r.Context(), p, siteID, sv.ID)
	if err != nil {
		return nil, err
	}
	return s.Surveys.SubmitBallot(r.Context(), p, siteID, sv.ID, survey.BallotInput{Nonce: st.Nonce, Ballot: BallotFromForm(sv, r.PostForm)})
}
