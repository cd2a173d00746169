package site

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// The test builder: the test's texts and rules and its items — fixed questions ticked in
// the bank's list, and rows that draw n questions at random from a bank's category.

type editView struct {
	ID        int64
	Banks     []quiz.Bank
	Questions []pickQuestion
	Random    []randomRow
	Classes   []quiz.Class
	Reviews   []quiz.Review
	Graces    []quiz.GraceMode
	Audiences []quiz.AudienceKind
	CanEdit   bool
}

type pickQuestion struct {
	ID                int64
	Label, Kind, Bank string
	Category          string
	Checked           bool
}

type randomRow struct {
	I                     int
	Bank, Category, Count string
	Points                string
}

// randomRows is how many rows of random picks the form offers beyond the test's own.
const randomRows = 3

// PanelTestEdit shows the builder of a new test (/tests/new) or of a test (/tests/{id})
// and saves it.
func (s *Server) PanelTestEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	t := &quiz.Test{SiteID: v.Site.ID, Review: quiz.ReviewScore, Grace: quiz.Grace{Mode: quiz.GraceSubmit},
		Audience: quiz.Audience{Kind: quiz.AudienceSchool}, TimeLimit: 45 * time.Minute, AttemptsAllowed: 1}
	if idp := chi.URLParam(r, "testID"); idp != "" {
		got, err := s.Quiz.Test(ctx, v.p, v.Site.ID, formID(idp))
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		t = got
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 256<<10)
		f := r.PostForm
		for k, vs := range f {
			v.Values[k] = vs[0]
		}
		if err := testFromForm(t, f, v.Lang); err != nil {
			status = v.fail(err)
		} else if err := s.Quiz.SaveTest(ctx, v.p, t); err != nil {
			status = v.fail(err)
		} else {
			done(w, r, v.Path("tests", strconv.FormatInt(t.ID, 10)), "saved")
			return
		}
		// An item's error is shown above the list of items.
		for k, m := range v.Errors {
			if strings.HasPrefix(k, "items[") {
				v.Errors["items"] = m
			}
		}
		if m, ok := v.Errors["grace.seconds"]; ok {
			v.Errors["grace_seconds"] = m
		}
		if m, ok := v.Errors["audience.ref"]; ok {
			v.Errors["audience_ref"] = m
		}
	}
	ev := &editView{ID: t.ID, CanEdit: v.Can("tests", "edit"),
		Reviews:   []quiz.Review{quiz.ReviewScore, quiz.ReviewAfterClose, quiz.ReviewNothing},
		Graces:    []quiz.GraceMode{quiz.GraceSubmit, quiz.GraceLastSave, quiz.GraceNever},
		Audiences: []quiz.AudienceKind{quiz.AudienceClass, quiz.AudienceSchool, quiz.AudienceOrgUnit, quiz.AudienceRegistered}}
	banks, err := s.Quiz.Banks(ctx, v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ev.Banks = banks
	if ev.Classes, err = s.Quiz.Classes(ctx, v.p, v.Site.ID); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, b := range banks {
		names[b.ID] = b.Name.In(v.Lang)
	}
	qs, err := s.Quiz.Questions(ctx, v.p, v.Site.ID, quiz.QuestionFilter{})
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	fixed := map[int64]bool{}
	for _, it := range t.Items {
		if !it.Random() {
			fixed[it.QuestionID] = true
		}
	}
	for i, q := range qs {
		if i == 1000 {
			break
		}
		ev.Questions = append(ev.Questions, pickQuestion{ID: q.ID, Label: questionLabel(&q, v.Lang), Kind: v.T("kind." + string(q.Kind)),
			Bank: names[q.BankID], Category: q.Category, Checked: fixed[q.ID]})
	}
	for _, it := range t.Items {
		if it.Random() {
			ev.Random = append(ev.Random, randomRow{I: len(ev.Random), Bank: strconv.FormatInt(it.BankID, 10), Category: it.Category,
				Count: strconv.Itoa(it.Count), Points: pointsValue(it.Points)})
		}
	}
	for range randomRows {
		ev.Random = append(ev.Random, randomRow{I: len(ev.Random)})
	}
	if r.Method != http.MethodPost {
		fillTestValues(v, t)
	}
	v.Title, v.Kind, v.Data = v.T("tests.new"), "edit", ev
	if t.ID != 0 {
		v.Title = t.Title.In(v.Lang)
	}
	s.renderPanel(w, r, status, testsEditPage, v)
}

func pointsValue(p float64) string {
	if p == 0 {
		return ""
	}
	return num(p)
}

// fillTestValues puts a stored test's values in the form.
func fillTestValues(v *panelView, t *quiz.Test) {
	set := func(k, val string) { v.Values[k] = val }
	set("title", t.Title[v.Lang])
	set("subject", t.Subject)
	set("grade", strconv.Itoa(t.Grade))
	set("time_limit", "")
	if t.TimeLimit > 0 {
		set("time_limit", strconv.FormatFloat(t.TimeLimit.Minutes(), 'f', -1, 64))
	}
	set("opens", localValue(t.Opens))
	set("closes", localValue(t.Closes))
	set("attempts_allowed", strconv.Itoa(t.AttemptsAllowed))
	set("review", string(t.Review))
	set("grace_mode", string(t.Grace.Mode))
	set("grace_seconds", strconv.Itoa(t.Grace.Seconds))
	set("audience_kind", string(t.Audience.Kind))
	set("audience_ref", t.Audience.Ref)
	if t.ShuffleQuestions {
		set("shuffle_questions", "1")
	}
	if t.ShuffleOptions {
		set("shuffle_options", "1")
	}
}

func localValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(sitecore.Almaty).Format("2006-01-02T15:04")
}

// testFromForm reads the builder's form into t (the title in the page's language; the
// other languages are kept). It fails on a value that is not a number or a time; the rules
// are the service's.
func testFromForm(t *quiz.Test, f url.Values, lang sitecore.Lang) error {
	if t.Title == nil {
		t.Title = quiz.Text{}
	}
	t.Title[lang] = strings.TrimSpace(f.Get("title"))
	t.Subject = f.Get("subject")
	t.Grade = atoiDefault(f.Get("grade"), 0)
	t.TimeLimit = 0
	if s := strings.TrimSpace(f.Get("time_limit")); s != "" {
		m, err := quiz.ParseFloat("time_limit", s)
		if err != nil {
			return err
		}
		t.TimeLimit = time.Duration(m*60) * time.Second
	}
	var err error
	if t.Opens, err = optionalTime("opens", f.Get("opens")); err != nil {
		return err
	}
	if t.Closes, err = optionalTime("closes", f.Get("closes")); err != nil {
		return err
	}
	t.AttemptsAllowed = atoiDefault(f.Get("attempts_allowed"), -1)
	t.Review = quiz.Review(f.Get("review"))
	t.Grace = quiz.Grace{Mode: quiz.GraceMode(f.Get("grace_mode"))}
	if t.Grace.Mode == quiz.GraceLastSave {
		t.Grace.Seconds = atoiDefault(f.Get("grace_seconds"), 0)
	}
	t.Audience = quiz.Audience{Kind: quiz.AudienceKind(f.Get("audience_kind"))}
	if t.Audience.Kind == quiz.AudienceClass || t.Audience.Kind == quiz.AudienceOrgUnit {
		t.Audience.Ref = strings.TrimSpace(f.Get("audience_ref"))
	}
	t.ShuffleQuestions, t.ShuffleOptions = f.Get("shuffle_questions") != "", f.Get("shuffle_options") != ""
	t.Items = nil
	for _, id := range f["question"] {
		if q := formID(id); q > 0 {
			t.Items = append(t.Items, quiz.Item{QuestionID: q})
		}
	}
	for i := range 50 {
		k := strconv.Itoa(i)
		bank, count := f.Get("rbank"+k), strings.TrimSpace(f.Get("rcount"+k))
		if bank == "" && count == "" {
			if _, ok := f["rbank"+k]; !ok {
				break
			}
			continue
		}
		it := quiz.Item{BankID: formID(bank), Category: strings.TrimSpace(f.Get("rcat" + k)), Count: atoiDefault(count, 0)}
		if p := strings.TrimSpace(f.Get("rpoints" + k)); p != "" {
			if it.Points, err = quiz.ParseFloat("items["+strconv.Itoa(len(t.Items))+"].points", p); err != nil {
				return err
			}
		}
		t.Items = append(t.Items, it)
	}
	return nil
}

func optionalTime(field, s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := parseLocalTime(field, s)
	if err != nil {
		return time.Time{}, sitecore.Invalid(field, "quiz.time", "field", field)
	}
	return t, nil
}
