// Package moodle reads and writes a question bank in Moodle XML, the format teachers already
// have their questions in. It uses encoding/xml only.
//
// Supported question types: multichoice (single and multiple answers), multichoiceset (all
// or nothing), truefalse, shortanswer, numerical, matching, essay and ordering (the
// qtype_ordering plugin). Any other type is a problem of the file, and a file with problems
// imports nothing.
//
// Texts: a text with Moodle's multilang spans (<span lang="kk" class="multilang">…</span>) or
// {mlang kk}…{mlang} blocks becomes one text per language; any other text is in the
// language the import is told. HTML is kept as written (the pages sanitise it). Pictures
// embedded in a question's text (<file encoding="base64"> beside @@PLUGINFILE@@ references)
// are returned by ImportFiles for the media library (see images.go); other files are not
// imported.
//
// encoding/xml never expands entities declared in a DTD, so "billion laughs" files fail as
// malformed instead of growing in memory; input is limited to quiz.MaxImportBytes.
package moodle

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

type text struct {
	Format string `xml:"format,attr,omitempty"`
	Text   string `xml:"text"`
	Files  []file `xml:"file,omitempty"`
}

// file is a file embedded in a text, in base64.
type file struct {
	Name     string `xml:"name,attr"`
	Path     string `xml:"path,attr,omitempty"`
	Encoding string `xml:"encoding,attr,omitempty"`
	Data     string `xml:",chardata"`
}

type answer struct {
	Fraction  string `xml:"fraction,attr"`
	Format    string `xml:"format,attr,omitempty"`
	Text      string `xml:"text"`
	Tolerance string `xml:"tolerance,omitempty"`
}

type subquestion struct {
	Format string `xml:"format,attr,omitempty"`
	Text   string `xml:"text"`
	Answer text   `xml:"answer"`
}

type question struct {
	Type            string        `xml:"type,attr"`
	Category        *text         `xml:"category,omitempty"`
	Name            *text         `xml:"name,omitempty"`
	QuestionText    *text         `xml:"questiontext,omitempty"`
	GeneralFeedback *text         `xml:"generalfeedback,omitempty"`
	DefaultGrade    string        `xml:"defaultgrade,omitempty"`
	Single          string        `xml:"single,omitempty"`
	ShuffleAnswers  string        `xml:"shuffleanswers,omitempty"`
	UseCase         string        `xml:"usecase,omitempty"`
	GradingType     string        `xml:"gradingtype,omitempty"`
	Answers         []answer      `xml:"answer"`
	Subquestions    []subquestion `xml:"subquestion"`
}

type document struct {
	XMLName   xml.Name   `xml:"quiz"`
	Questions []question `xml:"question"`
}

// Import reads a Moodle XML bank. Texts without language markup are in lang. It returns
// every question, prepared and valid, or an error: EInvalid "quiz.import_format" for a file
// that is not Moodle XML, ETooLarge for one over quiz.MaxImportBytes, or quiz.Problems
// (through Problems.Failed) naming each bad question by its number and name.
func Import(r io.Reader, lang sitecore.Lang) ([]quiz.Question, error) {
	f, err := ImportFiles(r, lang)
	if err != nil {
		return nil, err
	}
	return f.Questions, nil
}

// ImportFiles is Import that also returns the pictures each question's text embeds
// (quiz.Reader for the service's Import). A picture that is not an image, cannot be
// decoded, or is referred to without being embedded is a problem of its question.
func ImportFiles(r io.Reader, lang sitecore.Lang) (*quiz.ImportedFile, error) {
	data, err := io.ReadAll(io.LimitReader(r, quiz.MaxImportBytes+1))
	if err != nil {
		return nil, sitecore.Internal("moodle.Import", err)
	}
	if len(data) > quiz.MaxImportBytes {
		return nil, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
			Args: map[string]string{"limit": strconv.Itoa(quiz.MaxImportBytes>>20) + " MB"}}
	}
	var doc document
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true // no HTML entities, no custom entities: a DTD's declarations are never used
	if err := dec.Decode(&doc); err != nil {
		return nil, formatError(err)
	}
	var (
		out      []quiz.Question
		images   [][]quiz.Image
		problems quiz.Problems
		category string
		n        int
	)
	for _, x := range doc.Questions {
		if x.Type == "category" {
			if x.Category != nil {
				category = categoryPath(x.Category.Text)
			}
			continue
		}
		n++
		if n > quiz.MaxImportQuestions {
			return nil, sitecore.Invalid("file", "quiz.import_too_many", "max", strconv.Itoa(quiz.MaxImportQuestions))
		}
		q, column, err := convert(x, lang)
		name := ""
		if x.Name != nil {
			name = strings.TrimSpace(x.Name.Text)
		}
		if err == nil {
			q.Name, q.Category = name, category
			err = q.Prepare()
			column = fieldElement(sitecore.AsError(err).Field, column)
		}
		var imgs []quiz.Image
		if err == nil && x.QuestionText != nil {
			imgs, err = embedded(x.QuestionText)
			column = "file"
		}
		if err != nil {
			problems.Add(n, column, name, err)
			continue
		}
		out, images = append(out, *q), append(images, imgs)
	}
	if len(problems) > 0 {
		return nil, problems.Failed()
	}
	if len(out) == 0 {
		return nil, sitecore.Invalid("file", "quiz.import_empty")
	}
	return &quiz.ImportedFile{Questions: out, Images: images}, nil
}

// formatError describes a file that is not well-formed Moodle XML.
func formatError(err error) error {
	detail := err.Error()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		detail = "line " + strconv.Itoa(se.Line) + ": " + se.Msg
	}
	return &sitecore.Error{Code: sitecore.EInvalid, Key: "quiz.import_format", Field: "file", Err: err,
		Args: map[string]string{"format": "Moodle XML", "detail": detail}}
}

// categoryPath turns "$course$/top/Алгебра/Теңдеулер" into "Алгебра/Теңдеулер".
func categoryPath(s string) string {
	parts := strings.Split(strings.TrimSpace(s), "/")
	out := parts[:0]
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || (strings.HasPrefix(p, "$") && strings.HasSuffix(p, "$")) || (i <= 1 && p == "top") {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, "/")
}

// fieldElement names the Moodle element of a validation error's field.
func fieldElement(field, fallback string) string {
	switch head, _, _ := strings.Cut(field, "["); {
	case field == "":
		return fallback
	case strings.HasPrefix(field, "text"):
		return "questiontext"
	case head == "options" || head == "accepted" || head == "numbers":
		return "answer"
	case head == "pairs":
		return "subquestion"
	case field == "points":
		return "defaultgrade"
	case strings.HasPrefix(field, "feedback"):
		return "generalfeedback"
	}
	return field
}

// convert maps one Moodle question to a quiz question (not yet prepared); on failure it
// names the element at fault.
func convert(x question, lang sitecore.Lang) (*quiz.Question, string, error) {
	q := &quiz.Question{}
	if x.QuestionText != nil {
		q.Text = texts(x.QuestionText.Text, lang)
	}
	if x.GeneralFeedback != nil {
		q.Body.Feedback = texts(x.GeneralFeedback.Text, lang)
		if q.Body.Feedback.Empty() {
			q.Body.Feedback = nil
		}
	}
	if s := strings.TrimSpace(x.DefaultGrade); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "defaultgrade", sitecore.Invalid("points", "quiz.number", "field", "defaultgrade", "value", s)
		}
		q.Points = f
	}
	b := &q.Body
	switch x.Type {
	case "multichoice", "multichoiceset":
		q.Kind = quiz.MultipleChoice
		if x.Type == "multichoice" && isTrue(x.Single) {
			q.Kind = quiz.SingleChoice
		}
		b.Rule = quiz.Proportional
		if x.Type == "multichoiceset" {
			b.Rule = quiz.AllOrNothing
		}
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return nil, "answer", err
			}
			o := quiz.Option{Text: texts(a.Text, lang), Correct: f >= 100-1e-6}
			switch {
			case q.Kind == quiz.SingleChoice && !o.Correct && f > 0:
				o.Credit = f / 100
			case q.Kind == quiz.MultipleChoice:
				o.Correct = f > 0
				if f < 0 && x.Type == "multichoice" {
					b.Rule = quiz.Penalty // negative fractions: Moodle takes points back for wrong picks
				}
			}
			b.Options = append(b.Options, o)
		}
	case "truefalse":
		q.Kind = quiz.TrueFalse
		found := false
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return nil, "answer", err
			}
			if f >= 100-1e-6 {
				switch strings.ToLower(strings.TrimSpace(a.Text)) {
				case "true":
					b.Truth, found = true, true
				case "false":
					b.Truth, found = false, true
				default:
					return nil, "answer", sitecore.Invalid("answer", "quiz.import_truth", "value", a.Text)
				}
			}
		}
		if !found {
			return nil, "answer", sitecore.Invalid("answer", "quiz.correct_none")
		}
	case "shortanswer":
		q.Kind = quiz.ShortAnswer
		b.CaseSensitive = isTrue(x.UseCase)
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return nil, "answer", err
			}
			if f <= 0 {
				continue // Moodle's wrong answers only carry feedback
			}
			if strings.Contains(a.Text, "*") {
				return nil, "answer", sitecore.Invalid("answer", "quiz.import_wildcard", "value", a.Text)
			}
			b.Accepted = append(b.Accepted, quiz.Accepted{Text: a.Text, Credit: f / 100})
		}
	case "numerical":
		q.Kind = quiz.Numeric
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return nil, "answer", err
			}
			if f <= 0 {
				continue
			}
			v, ok := quiz.ParseNumber(a.Text)
			if !ok {
				return nil, "answer", sitecore.Invalid("answer", "quiz.number", "field", "answer", "value", a.Text)
			}
			tol := 0.0
			if s := strings.TrimSpace(a.Tolerance); s != "" {
				if tol, ok = quiz.ParseNumber(s); !ok {
					return nil, "tolerance", sitecore.Invalid("tolerance", "quiz.number", "field", "tolerance", "value", s)
				}
			}
			b.Numbers = append(b.Numbers, quiz.NumberKey{Value: v, Tolerance: tol, Credit: f / 100})
		}
	case "matching":
		q.Kind = quiz.Matching
		b.Rule = quiz.Proportional // Moodle gives each right match its share
		for _, s := range x.Subquestions {
			p := quiz.Pair{Left: texts(s.Text, lang), Right: texts(s.Answer.Text, lang)}
			if p.Left.Empty() {
				p.Left = nil
			}
			b.Pairs = append(b.Pairs, p)
		}
	case "ordering":
		q.Kind = quiz.Ordering
		b.Rule = quiz.Proportional
		if strings.EqualFold(strings.TrimSpace(x.GradingType), "ALL_OR_NOTHING") {
			b.Rule = quiz.AllOrNothing
		}
		type item struct {
			pos float64
			o   quiz.Option
		}
		items := make([]item, 0, len(x.Answers))
		for i, a := range x.Answers {
			pos, err := strconv.ParseFloat(strings.TrimSpace(a.Fraction), 64)
			if err != nil || math.IsNaN(pos) {
				pos = float64(i + 1) // the document's order
			}
			items = append(items, item{pos, quiz.Option{Text: texts(a.Text, lang)}})
		}
		slices.SortStableFunc(items, func(a, b item) int { return cmpFloat(a.pos, b.pos) })
		for _, it := range items {
			b.Options = append(b.Options, it.o)
		}
	case "essay":
		q.Kind = quiz.Essay
	default:
		return nil, "question", sitecore.Invalid("type", "quiz.import_type", "value", x.Type)
	}
	return q, "", nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// fraction reads a Moodle answer's fraction (a percentage, "100", "33.33333", "-50").
func fraction(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -100 || f > 100 {
		return 0, sitecore.Invalid("answer", "quiz.number", "field", "fraction", "value", s)
	}
	return f, nil
}

func isTrue(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "true" || s == "1"
}

var (
	spanLang  = regexp.MustCompile(`(?is)<span\s+(?:lang="([a-z]{2})[^"]*"\s+class="multilang"|class="multilang"\s+lang="([a-z]{2})[^"]*")\s*>(.*?)</span>`)
	mlangLang = regexp.MustCompile(`(?is)\{mlang\s+([a-z]{2})[^}]*\}(.*?)\{mlang\}`)
)

// texts splits a Moodle text into languages when it has multilang markup; otherwise the
// whole text is in lang. Languages other than kk, ru and en are dropped.
func texts(s string, lang sitecore.Lang) quiz.Text {
	s = strings.TrimSpace(s)
	out := quiz.Text{}
	add := func(l, v string) {
		l = strings.ToLower(l)
		for _, x := range quiz.Languages {
			if string(x) == l && strings.TrimSpace(v) != "" {
				out[x] += strings.TrimSpace(v)
			}
		}
	}
	if ms := spanLang.FindAllStringSubmatch(s, -1); len(ms) > 0 {
		for _, m := range ms {
			add(m[1]+m[2], m[3])
		}
		return out
	}
	if ms := mlangLang.FindAllStringSubmatch(s, -1); len(ms) > 0 {
		for _, m := range ms {
			add(m[1], m[2])
		}
		return out
	}
	if s != "" {
		out[lang] = s
	}
	return out
}
