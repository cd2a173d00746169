package site

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/quiz"
)

// QuizAttempt shows the student's attempt: a question (?q=N), the confirmation before
// submitting (?confirm=1), or — once the attempt is over — its result. A POST saves the
// question's answer (its seq one above the stored one, so a resent old form changes
// nothing) and moves on: next, previous, another number, or to the confirmation; the
// confirmation's POST submits through the attempt's workflow.
func (s *Server) QuizAttempt(w http.ResponseWriter, r *http.Request) {
	site, lang, p, ok := s.quizEnter(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "attemptID"))
	path := "/tests/attempts/" + strconv.FormatInt(id, 10)
	self := "/" + string(lang) + path
	st, err := s.Quiz.Sitting(r.Context(), p, site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	now := time.Now()
	v := s.quizView(site, lang, path)
	v.AttemptID, v.TestTitle = id, st.Test.Title.In(lang)
	v.Title = v.TestTitle
	if st.Attempt.Status != quiz.Started {
		s.quizOutcome(w, r, v, p, site.ID, id)
		return
	}
	if now.After(st.Attempt.SaveCutoff) { // the workflow's timer is about to submit it
		v.Kind, v.Refresh = "waiting", 3
		s.renderQuiz(w, r, http.StatusOK, v)
		return
	}
	n := max(1, min(len(st.Views), atoiDefault(r.URL.Query().Get("q"), 1)))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 256<<10)
		n = max(1, min(len(st.Views), atoiDefault(r.PostForm.Get("q"), n)))
		action := r.PostForm.Get("action")
		if action == "confirm" {
			if err := s.Quiz.Submit(r.Context(), p, site.ID, id); err != nil && sitecore.AsError(err).Key != "quiz.attempt_closed" {
				status, v.Error = message(lang, err)
				v.Kind = "confirm"
				s.quizConfirm(w, r, v, st, status)
				return
			}
			http.Redirect(w, r, self, http.StatusSeeOther)
			return
		}
		if qid := formID(r.PostForm.Get("qid")); qid != 0 && len(st.Views) > 0 {
			view := st.Views[n-1]
			if view.QuestionID == qid {
				seq := max(st.Saved[qid].Seq+1, int64(atoiDefault(r.PostForm.Get("seq"), 0)))
				_, err := s.Quiz.Save(r.Context(), p, site.ID, quiz.Save{AttemptID: id, QuestionID: qid, Seq: seq,
					Response: responseFromForm(view, r.PostForm)}, time.Now())
				if sitecore.AsError(err).Key == "quiz.attempt_closed" {
					http.Redirect(w, r, self, http.StatusSeeOther)
					return
				}
				if err != nil {
					status, v.Error = message(lang, err)
				}
			}
		}
		if v.Error == "" {
			to := n
			switch action {
			case "next":
				to = n + 1
			case "prev":
				to = n - 1
			case "submit":
				http.Redirect(w, r, self+"?confirm=1", http.StatusSeeOther)
				return
			default:
				if g := atoiDefault(strings.TrimPrefix(action, "goto-"), 0); strings.HasPrefix(action, "goto-") && g > 0 {
					to = g
				}
			}
			to = max(1, min(len(st.Views), to))
			http.Redirect(w, r, self+"?q="+strconv.Itoa(to)+"&done=saved", http.StatusSeeOther)
			return
		}
		// Show the question again with the error (the answer as it is stored).
	}
	if r.URL.Query().Get("confirm") == "1" {
		s.quizConfirm(w, r, v, st, status)
		return
	}
	if r.URL.Query().Get("done") == "saved" {
		v.Notice = v.UI["saved"]
	}
	s.quizFillClock(v, st.Attempt, now)
	v.Kind, v.Number, v.Total = "question", n, len(st.Views)
	for i, vw := range st.Views {
		_, answered := st.Saved[vw.QuestionID]
		v.Nav = append(v.Nav, quizNavItem{N: i + 1, Answered: answered && !emptyResponse(st.Saved[vw.QuestionID].Response), Current: i+1 == n})
	}
	if len(st.Views) > 0 {
		v.Q = s.questionView(r, site.ID, lang, st.Views[n-1], st.Saved[st.Views[n-1].QuestionID])
	}
	s.renderQuiz(w, r, status, v)
}

func (s *Server) quizFillClock(v *quizView, a *quiz.Attempt, now time.Time) {
	v.Deadline, v.ServerNow = a.Deadline.UTC().Format(time.RFC3339Nano), now.UTC().Format(time.RFC3339Nano)
	v.DeadlineAt = formatWhen(a.Deadline, v.Lang)
}

func (s *Server) quizConfirm(w http.ResponseWriter, r *http.Request, v *quizView, st *quiz.Sitting, status int) {
	v.Kind, v.Total = "confirm", len(st.Views)
	for _, vw := range st.Views {
		if a, ok := st.Saved[vw.QuestionID]; !ok || emptyResponse(a.Response) {
			v.Unanswered++
		}
	}
	s.quizFillClock(v, st.Attempt, time.Now())
	s.renderQuiz(w, r, status, v)
}

// quizOutcome shows a finished attempt as the test's rule allows.
func (s *Server) quizOutcome(w http.ResponseWriter, r *http.Request, v *quizView, p *sitecore.Principal, siteID, id int64) {
	o, err := s.Quiz.Outcome(r.Context(), p, siteID, id, time.Now())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Kind = "outcome"
	out := &quizOutcome{Status: v.UI["status."+string(o.Attempt.Status)], ShowScore: o.Score, Answers: o.Answers,
		Pending: o.Attempt.Status == quiz.Submitted, AnswersLater: o.Score && !o.Answers && o.Test.Review == quiz.ReviewAfterClose}
	if o.Score {
		out.Score = num(o.Attempt.Score) + " / " + num(o.Attempt.MaxScore)
	}
	for i, it := range o.Items {
		ri := quizReviewItem{N: i + 1, Text: template.HTML(cms.RichText(it.Question.Text.In(v.Lang))),
			Points: num(it.Points), Max: num(it.Max), Right: it.Graded && it.Points >= it.Max && it.Max > 0,
			Partial: it.Graded && it.Points > 0 && it.Points < it.Max}
		ri.Yours, ri.Key = reviewTexts(it.Question, it.Response, it.Answered, v.Lang, v.UI)
		if f := it.Question.Body.Feedback.In(v.Lang); f != "" {
			ri.Feedback = template.HTML(cms.RichText(f))
		}
		out.Items = append(out.Items, ri)
	}
	v.Outcome = out
	s.renderQuiz(w, r, http.StatusOK, v)
}

// QuizAutosave stores one answer sent by the page's script as JSON
// {"question_id", "seq", "response"}: 200 with the outcome (stored, same, stale) and the
// server's clock; 409 when the attempt is over; 404 for another student's attempt.
func (s *Server) QuizAutosave(w http.ResponseWriter, r *http.Request) {
	site, _, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	if s.Quiz == nil || p == nil || p.UserID == 0 {
		s.Error(w, r, sitecore.Errorf(sitecore.EUnauthorized, "login.required"))
		return
	}
	var in struct {
		QuestionID int64         `json:"question_id"`
		Seq        int64         `json:"seq"`
		Response   quiz.Response `json:"response"`
	}
	r.Body = http.MaxBytesReader(w, r.Body, 128<<10)
	if !s.Decode(w, r, &in) {
		return
	}
	id := formID(chi.URLParam(r, "attemptID"))
	out, err := s.Quiz.Save(r.Context(), p, site.ID, quiz.Save{AttemptID: id, QuestionID: in.QuestionID, Seq: in.Seq, Response: in.Response}, time.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.WriteJSON(w, http.StatusOK, map[string]any{"outcome": out, "now": time.Now().UTC()})
}

// QuizClock answers the attempt's status and deadline with the server's time, for the
// page's countdown (which only displays what the server decides).
func (s *Server) QuizClock(w http.ResponseWriter, r *http.Request) {
	site, _, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	if s.Quiz == nil || p == nil || p.UserID == 0 {
		s.Error(w, r, sitecore.Errorf(sitecore.EUnauthorized, "login.required"))
		return
	}
	a, err := s.Quiz.Status(r.Context(), p, site.ID, formID(chi.URLParam(r, "attemptID")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.WriteJSON(w, http.StatusOK, map[string]any{"status": a.Status, "deadline": a.Deadline.UTC(), "now": time.Now().UTC()})
}

// questionView is a question's screen: only what the student's View holds, with the saved
// answer filled in.
func (s *Server) questionView(r *http.Request, siteID int64, lang sitecore.Lang, vw quiz.View, saved quiz.Answer) *quizQuestion {
	text := vw.Text.In(lang)
	q := &quizQuestion{ID: vw.QuestionID, Kind: string(vw.Kind), Text: template.HTML(cms.RichText(text)), Points: num(vw.Points), Seq: saved.Seq}
	if vw.MediaID != "" && !strings.Contains(text, "/media/"+vw.MediaID) && s.Media != nil {
		if m, err := s.Media.Find(r.Context(), siteID, vw.MediaID); err == nil {
			q.Image = m.URL
		}
	}
	resp := saved.Response
	switch vw.Kind {
	case quiz.SingleChoice, quiz.MultipleChoice:
		for _, o := range vw.Options {
			q.Options = append(q.Options, quizChoice{ID: o.ID, Text: cms.PlainText(o.Text.In(lang)),
				Checked: resp.Choice == o.ID || slices.Contains(resp.Choices, o.ID)})
		}
	case quiz.TrueFalse:
		q.Options = []quizChoice{{ID: "true", Checked: resp.Choice == "true"}, {ID: "false", Checked: resp.Choice == "false"}}
	case quiz.Ordering:
		for i, o := range vw.Options {
			c := quizChoice{ID: o.ID, Text: cms.PlainText(o.Text.In(lang))}
			if j := slices.Index(resp.Order, o.ID); j >= 0 {
				c.Position = j + 1
			}
			q.Options = append(q.Options, c)
			q.Positions = append(q.Positions, i+1)
		}
	case quiz.Matching:
		for _, pr := range vw.Premises {
			q.Premises = append(q.Premises, quizPremise{ID: pr.ID, Text: cms.PlainText(pr.Text.In(lang)), Chosen: resp.Matches[pr.ID]})
		}
		for _, c := range vw.Choices {
			q.Choices = append(q.Choices, quizChoice{ID: c.ID, Text: cms.PlainText(c.Text.In(lang))})
		}
	default:
		q.Text1 = resp.Text
	}
	return q
}

// responseFromForm reads an answer from the question's form fields: choice (single, true
// or false), choices (multiple), text (short, numeric, essay), m.<premise> (matching) and
// o.<item> with the item's position (ordering).
func responseFromForm(vw quiz.View, f url.Values) quiz.Response {
	var out quiz.Response
	switch vw.Kind {
	case quiz.SingleChoice, quiz.TrueFalse:
		out.Choice = f.Get("choice")
	case quiz.MultipleChoice:
		out.Choices = f["choices"]
	case quiz.Matching:
		for _, pr := range vw.Premises {
			if c := f.Get("m." + pr.ID); c != "" {
				if out.Matches == nil {
					out.Matches = map[string]string{}
				}
				out.Matches[pr.ID] = c
			}
		}
	case quiz.Ordering:
		type placed struct {
			id       string
			pos, idx int
		}
		var ps []placed
		for i, o := range vw.Options {
			if n := atoiDefault(f.Get("o."+o.ID), 0); n > 0 {
				ps = append(ps, placed{o.ID, n, i})
			}
		}
		if len(ps) == len(vw.Options) { // a partial order is no answer yet
			slices.SortStableFunc(ps, func(a, b placed) int { return cmp.Or(cmp.Compare(a.pos, b.pos), cmp.Compare(a.idx, b.idx)) })
			for _, p := range ps {
				out.Order = append(out.Order, p.id)
			}
		}
	default:
		out.Text = strings.TrimSpace(f.Get("text"))
	}
	return out
}

func emptyResponse(r quiz.Response) bool {
	return r.Choice == "" && len(r.Choices) == 0 && strings.TrimSpace(r.Text) == "" && len(r.Order) == 0 && len(r.Matches) == 0
}

// reviewTexts are the student's answer and the key as text, for the review.
func reviewTexts(q *quiz.Question, r quiz.Response, answered bool, lang sitecore.Lang, ui map[string]string) (yours, key string) {
	opt := func(id string) string {
		for _, o := range q.Body.Options {
			if o.ID == id {
				return cms.PlainText(o.Text.In(lang))
			}
		}
		for _, p := range q.Body.Pairs {
			if p.RightID == id {
				return cms.PlainText(p.Right.In(lang))
			}
		}
		return ""
	}
	var ys, ks []string
	switch q.Kind {
	case quiz.SingleChoice, quiz.MultipleChoice:
		for _, c := range append([]string{r.Choice}, r.Choices...) {
			if c != "" {
				ys = append(ys, opt(c))
			}
		}
		for _, o := range q.Body.Options {
			if o.Correct {
				ks = append(ks, cms.PlainText(o.Text.In(lang)))
			}
		}
	case quiz.TrueFalse:
		if r.Choice != "" {
			ys = append(ys, ui[r.Choice])
		}
		ks = append(ks, ui[strconv.FormatBool(q.Body.Truth)])
	case quiz.ShortAnswer:
		ys = append(ys, r.Text)
		for _, a := range q.Body.Accepted {
			if a.Credit >= 1 {
				ks = append(ks, a.Text)
			}
		}
	case quiz.Numeric:
		ys = append(ys, r.Text)
		for _, n := range q.Body.Numbers {
			if n.Credit >= 1 {
				ks = append(ks, num(n.Value))
			}
		}
	case quiz.Ordering:
		for _, id := range r.Order {
			ys = append(ys, opt(id))
		}
		for _, o := range q.Body.Options {
			ks = append(ks, cms.PlainText(o.Text.In(lang)))
		}
	case quiz.Matching:
		for _, p := range q.Body.Pairs {
			if p.Left.Empty() {
				continue
			}
			if c, ok := r.Matches[p.ID]; ok {
				ys = append(ys, cms.PlainText(p.Left.In(lang))+" → "+opt(c))
			}
			ks = append(ks, cms.PlainText(p.Left.In(lang))+" → "+cms.PlainText(p.Right.In(lang)))
		}
	case quiz.Essay:
		ys = append(ys, r.Text)
	}
	yours = strings.TrimSpace(strings.Join(ys, "; "))
	if !answered || yours == "" {
		yours = ui["no_answer"]
	}
	return yours, strings.Join(ks, "; ")
}

// num writes points with at most two decimals.
func num(f float64) string {
	return strconv.FormatFloat(float64(int64(f*100+0.5))/100, 'f', -1, 64)
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}
