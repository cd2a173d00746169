package site

import (
	"net/http"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/survey"
)

// The panel's section "polls" (permission section "surveys"): the site's polls with their
// status and counts, a form that creates one (texts in each site language), and buttons
// that open (schedule) and close them. Each action is the survey service's, as in the API;
// the Excel of results is the API's survey export.

var pollsPanelPage = sitePage("polls.html")

// pollRow is one poll of the list.
type pollRow struct {
	ID                int64
	Title, Status     string
	StatusCode        string
	Opens, Closes     string
	Ballots           int
	Options           []pollCount
	CanOpen, CanClose bool
}

type pollsPanelView struct {
	Polls     []pollRow
	Langs     []sitecore.Lang
	Results   []string
	CanEdit   bool
	CanManage bool
	// Opens and Closes are the form's default times: now and a week on, in Almaty.
	Opens, Closes string
}

// PanelPolls lists the polls (GET) and creates, opens or closes one (POST action=create,
// open or close with id=).
func (s *Server) PanelPolls(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionSurveys, "polls")
	if !ok {
		return
	}
	if s.Surveys == nil {
		s.NotFound(w, r)
		return
	}
	v.UI = locale.PollPanel(v.Lang)
	ctx, status := r.Context(), http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		var err error
		switch f.Get("action") {
		case "create":
			var d survey.Definition
			if d, err = pollFromForm(v, f.Get); err == nil {
				_, err = s.Surveys.Create(ctx, v.p, s.Actor(r), v.Site.ID, d)
			}
		case "open":
			_, err = s.Surveys.Schedule(ctx, v.p, s.Actor(r), v.Site.ID, formID(f.Get("id")))
		case "close":
			err = s.Surveys.Close(ctx, v.p, v.Site.ID, formID(f.Get("id")))
		default:
			err = sitecore.Invalid("action", "field.required")
		}
		if err == nil {
			done(w, r, v.Path("polls"), "saved")
			return
		}
		for k, val := range f {
			v.Values[k] = strings.Join(val, "\n")
		}
		status = v.fail(err)
	}
	polls, err := s.Surveys.List(ctx, v.p, v.Site.ID, survey.Filter{Kind: survey.KindPoll})
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	pv := &pollsPanelView{Langs: v.Site.Languages, CanEdit: v.Can(string(sitecore.SectionSurveys), "edit"),
		CanManage: v.Can(string(sitecore.SectionSurveys), "publish"),
		Opens:     pollTimeDefault(0), Closes: pollTimeDefault(7 * 24 * time.Hour),
		Results: []string{string(survey.ResultsAfterVote), string(survey.ResultsAlways), string(survey.ResultsAfterClose), string(survey.ResultsAdmins)}}
	for i := range polls {
		sv := &polls[i]
		row := pollRow{ID: sv.ID, Title: pick(sv.Title, v.Lang, v.Site), StatusCode: string(sv.Status), Status: v.T("poll.status." + string(sv.Status)),
			Opens: v.When(sv.OpensAt), Closes: v.When(sv.ClosesAt),
			CanOpen: sv.Status == survey.StatusDraft, CanClose: sv.Status == survey.StatusOpen}
		if sv.Status != survey.StatusDraft {
			if res, err := s.Surveys.Results(ctx, v.p, v.Site.ID, sv.ID); err == nil {
				row.Ballots = res.Ballots
				if pr := pollResults(sv, res, v.Lang, v.Site); len(pr) > 0 {
					row.Options = pr[0].Options
				}
			}
		}
		pv.Polls = append(pv.Polls, row)
	}
	v.Title, v.Kind, v.Data = v.T("poll.title"), "polls", pv
	s.renderPanel(w, r, status, pollsPanelPage, v)
}

// pollFromForm is the definition of a one-question poll typed in the panel: title,
// question and answers (one per line) in each site language, the results setting, guests,
// the owning page's key and the times in Asia/Almaty.
func pollFromForm(v *panelView, get func(string) string) (survey.Definition, error) {
	d := survey.Definition{Kind: survey.KindPoll, Mode: survey.Named, Title: map[string]string{},
		Audience: survey.Audience{Kind: survey.AudienceAny},
		Poll:     &survey.Poll{Results: survey.ResultsVisibility(get("results")), Guests: get("guests") != ""}}
	if page := strings.TrimSpace(get("page")); page != "" {
		d.Poll.OwnerKind, d.Poll.OwnerRef = survey.OwnerPage, page
	}
	q := survey.Question{ID: "q", Kind: survey.Single, Required: true, Text: map[sitecore.Lang]string{}}
	for _, l := range v.Site.Languages {
		d.Title[string(l)] = get("title_" + string(l))
		q.Text[l] = get("question_" + string(l))
		i := 0
		for _, line := range strings.Split(get("options_"+string(l)), "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			if i == len(q.Options) {
				q.Options = append(q.Options, survey.Option{Text: map[sitecore.Lang]string{}})
			}
			q.Options[i].Text[l] = line
			i++
		}
	}
	d.Questions = []survey.Question{q}
	var err error
	if d.OpensAt, err = parseLocalTime("opens_at", get("opens_at")); err != nil {
		return d, err
	}
	if d.ClosesAt, err = parseLocalTime("closes_at", get("closes_at")); err != nil {
		return d, err
	}
	return d, nil
}

// pollTimeDefault is now plus d in Almaty, as a datetime-local field shows it.
func pollTimeDefault(d time.Duration) string {
	return time.Now().Add(d).In(sitecore.Almaty).Format("2006-01-02T15:04")
}
