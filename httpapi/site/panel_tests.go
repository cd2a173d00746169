package site

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/sitecore/quiz/moodle"
	"github.com/mektep/mektep/sitecore/quiz/xlsx"
)

// The panel's section "tests": the question bank (filters, a new bank, import of Excel or
// Moodle XML with each problem listed by row), the test builder, results with statistics per
// question, essays graded by hand, the Excel of results, and the school's classes (the
// audience of class tests). Every action is quiz.Service's, which checks section "tests".

var (
	testsListPage    = panelPage("tests.html", "tests_nav.html")
	testsBankPage    = panelPage("tests_bank.html", "tests_nav.html")
	testsEditPage    = panelPage("tests_edit.html", "tests_nav.html")
	testsResultsPage = panelPage("tests_results.html", "tests_nav.html")
	testsClassesPage = panelPage("tests_classes.html", "tests_nav.html")
)

func (s *Server) testsEnter(w http.ResponseWriter, r *http.Request) (*panelView, bool) {
	if s.Quiz == nil {
		s.NotFound(w, r)
		return nil, false
	}
	v, ok := s.panelEnter(w, r, sitecore.SectionTests, "tests")
	if ok {
		v.UI = locale.PanelTests(v.Lang)
	}
	return v, ok
}

type testRow struct {
	ID                     int64
	Title, Subject, Window string
	Audience, Limit        string
}

// PanelTests lists the school's tests.
func (s *Server) PanelTests(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	tests, err := s.Quiz.Tests(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	var rows []testRow
	for _, t := range tests {
		row := testRow{ID: t.ID, Title: t.Title.In(v.Lang), Subject: t.Subject, Audience: v.T("aud." + string(t.Audience.Kind))}
		if t.Audience.Ref != "" {
			row.Audience += " " + t.Audience.Ref
		}
		if t.TimeLimit > 0 {
			row.Limit = strconv.Itoa(int(t.TimeLimit/time.Minute)) + " " + v.T("tests.min")
		}
		row.Window = v.When(t.Opens) + " – " + v.When(t.Closes)
		rows = append(rows, row)
	}
	v.Title, v.Kind, v.Data = v.T("tests.title"), "list", rows
	s.renderPanel(w, r, http.StatusOK, testsListPage, v)
}

type bankView struct {
	Banks     []quiz.Bank
	Questions []bankQuestion
	Kinds     []quiz.Kind
	Problems  []string
	CanEdit   bool
	Filter    struct{ Bank, Kind, Category, Q string }
	Languages []sitecore.Lang
}

type bankQuestion struct {
	ID                   int64
	Name, Kind, Category string
	Bank                 string
	Points               string
	Image                bool
}

// PanelQuestionBank lists the bank's questions with filters (?bank=, ?kind=, ?category=,
// ?q=); its forms create a bank (op=bank) and import a file into one (op=import).
func (s *Server) PanelQuestionBank(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	status := http.StatusOK
	bv := &bankView{Kinds: quiz.Kinds, CanEdit: v.Can("tests", "edit"), Languages: v.Site.Languages}
	if r.Method == http.MethodPost {
		readForm(w, r, quiz.MaxImportBytes+1<<20)
		f := r.PostForm
		if r.MultipartForm != nil {
			f = r.MultipartForm.Value
		}
		for k, vs := range f {
			if len(vs) > 0 {
				v.Values[k] = vs[0]
			}
		}
		get := func(k string) string {
			if vs := f[k]; len(vs) > 0 {
				return vs[0]
			}
			return ""
		}
		switch get("op") {
		case "bank":
			b := &quiz.Bank{SiteID: v.Site.ID, Name: quiz.Text{v.Lang: strings.TrimSpace(get("name"))}, Subject: get("subject"),
				Grade: atoiDefault(get("grade"), 0)}
			if err := s.Quiz.CreateBank(r.Context(), v.p, b); err != nil {
				status = v.fail(err)
			} else {
				done(w, r, v.Path("tests", "bank")+"?bank="+strconv.FormatInt(b.ID, 10), "created")
				return
			}
		case "import":
			n, err := s.importBank(r, v, get)
			if err != nil {
				status = v.fail(err)
				var ps quiz.Problems
				if errors.As(err, &ps) {
					for _, p := range ps {
						bv.Problems = append(bv.Problems, p.Message(v.Lang))
					}
				}
			} else {
				done(w, r, v.Path("tests", "bank")+"?bank="+get("bank")+"&imported="+strconv.Itoa(n), "imported")
				return
			}
		default:
			s.NotFound(w, r)
			return
		}
	}
	q := r.URL.Query()
	bv.Filter.Bank, bv.Filter.Kind, bv.Filter.Category, bv.Filter.Q = q.Get("bank"), q.Get("kind"), q.Get("category"), q.Get("q")
	banks, err := s.Quiz.Banks(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	bv.Banks = banks
	names := map[int64]string{}
	for _, b := range banks {
		names[b.ID] = b.Name.In(v.Lang)
	}
	qs, err := s.Quiz.Questions(r.Context(), v.p, v.Site.ID, quiz.QuestionFilter{BankID: formID(bv.Filter.Bank),
		Kind: quiz.Kind(bv.Filter.Kind), Category: bv.Filter.Category, Text: bv.Filter.Q})
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for i, qu := range qs {
		if i == 500 {
			break
		}
		bv.Questions = append(bv.Questions, bankQuestion{ID: qu.ID, Name: questionLabel(&qu, v.Lang), Kind: v.T("kind." + string(qu.Kind)),
			Category: qu.Category, Bank: names[qu.BankID], Points: num(qu.Points), Image: qu.MediaID != ""})
	}
	if n := q.Get("imported"); n != "" && v.Notice != "" {
		v.Notice += " " + v.T("tests.imported") + ": " + n
	}
	v.Title, v.Kind, v.Data = v.T("tests.bank"), "bank", bv
	s.renderPanel(w, r, status, testsBankPage, v)
}

// importBank reads the uploaded file in the format its name says (.xml Moodle, .xlsx Excel).
func (s *Server) importBank(r *http.Request, v *panelView, get func(string) string) (int, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return 0, sitecore.Invalid("file", "field.required", "field", "file")
	}
	fh := r.MultipartForm.File["file"][0]
	var read quiz.Reader
	switch strings.ToLower(filepath.Ext(fh.Filename)) {
	case ".xml":
		read = moodle.ImportFiles
	case ".xlsx":
		read = xlsxReader
	default:
		return 0, sitecore.Invalid("file", "quiz.import_kind")
	}
	f, err := fh.Open()
	if err != nil {
		return 0, sitecore.Invalid("file", "field.required", "field", "file")
	}
	defer f.Close()
	lang := sitecore.Lang(get("lang"))
	if !v.Site.HasLang(lang) {
		lang = v.Lang
	}
	return s.Quiz.Import(r.Context(), v.p, s.Actor(r), v.Site.ID, formID(get("bank")), read, f, lang)
}

// questionLabel is a question's name, else the start of its text.
func questionLabel(q *quiz.Question, lang sitecore.Lang) string {
	if q.Name != "" {
		return q.Name
	}
	t := []rune(cms.PlainText(q.Text.In(lang)))
	if len(t) > 80 {
		return string(t[:80]) + "…"
	}
	return string(t)
}

// xlsxReader reads the Excel template (which holds no pictures) as a quiz.Reader.
func xlsxReader(r io.Reader, lang sitecore.Lang) (*quiz.ImportedFile, error) {
	qs, err := xlsx.Import(r, lang)
	if err != nil {
		return nil, err
	}
	return &quiz.ImportedFile{Questions: qs}, nil
}
