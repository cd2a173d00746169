package moodle

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore/quiz"
)

// Export writes questions as a Moodle XML file that Moodle and Import read back: a category
// element before each change of category, texts in several languages as multilang spans,
// the key as Moodle's fractions. Options' IDs are not part of Moodle XML; a re-import gets
// new ones.
func Export(w io.Writer, qs []quiz.Question) error {
	doc := document{}
	category := "\x00"
	for i := range qs {
		q := &qs[i]
		if q.Category != category {
			category = q.Category
			doc.Questions = append(doc.Questions, question{Type: "category",
				Category: &text{Text: "$course$/top/" + category}})
		}
		doc.Questions = append(doc.Questions, exportQuestion(q))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func exportQuestion(q *quiz.Question) question {
	name := q.Name
	if name == "" {
		name = firstLine(q.Text)
	}
	x := question{
		Name:         &text{Text: name},
		QuestionText: &text{Format: "html", Text: multilang(q.Text)},
		DefaultGrade: ftoa(q.Points),
	}
	b := &q.Body
	if !b.Feedback.Empty() {
		x.GeneralFeedback = &text{Format: "html", Text: multilang(b.Feedback)}
	}
	switch q.Kind {
	case quiz.SingleChoice, quiz.MultipleChoice:
		x.Type, x.Single, x.ShuffleAnswers = "multichoice", "false", "true"
		if q.Kind == quiz.SingleChoice {
			x.Single = "true"
		}
		if q.Kind == quiz.MultipleChoice && b.Rule == quiz.AllOrNothing {
			x.Type, x.Single = "multichoiceset", ""
		}
		correct, wrong := 0, 0
		for _, o := range b.Options {
			if o.Correct {
				correct++
			} else {
				wrong++
			}
		}
		for _, o := range b.Options {
			f := 0.0
			switch {
			case q.Kind == quiz.SingleChoice && o.Correct:
				f = 100
			case q.Kind == quiz.SingleChoice:
				f = o.Credit * 100
			case o.Correct:
				f = 100 / float64(correct)
			case b.Rule == quiz.Penalty && wrong > 0:
				f = -100 / float64(wrong)
			}
			x.Answers = append(x.Answers, answer{Fraction: ftoa(f), Format: "html", Text: multilang(o.Text)})
		}
	case quiz.TrueFalse:
		x.Type = "truefalse"
		t, f := "100", "0"
		if !b.Truth {
			t, f = f, t
		}
		x.Answers = []answer{{Fraction: t, Format: "moodle_auto_format", Text: "true"}, {Fraction: f, Format: "moodle_auto_format", Text: "false"}}
	case quiz.ShortAnswer:
		x.Type, x.UseCase = "shortanswer", "0"
		if b.CaseSensitive {
			x.UseCase = "1"
		}
		for _, a := range b.Accepted {
			x.Answers = append(x.Answers, answer{Fraction: ftoa(a.Credit * 100), Format: "moodle_auto_format", Text: a.Text})
		}
	case quiz.Numeric:
		x.Type = "numerical"
		for _, n := range b.Numbers {
			tol := n.Tolerance
			if n.Relative {
				tol *= abs(n.Value) // Moodle's tolerance is absolute
			}
			x.Answers = append(x.Answers, answer{Fraction: ftoa(n.Credit * 100), Format: "moodle_auto_format",
				Text: ftoa(n.Value), Tolerance: ftoa(tol)})
		}
	case quiz.Matching:
		x.Type, x.ShuffleAnswers = "matching", "true"
		for _, p := range b.Pairs {
			x.Subquestions = append(x.Subquestions, subquestion{Format: "html", Text: multilang(p.Left), Answer: text{Text: multilang(p.Right)}})
		}
	case quiz.Ordering:
		x.Type, x.GradingType = "ordering", "ABSOLUTE_POSITION"
		if b.Rule == quiz.AllOrNothing {
			x.GradingType = "ALL_OR_NOTHING"
		}
		for i, o := range b.Options {
			x.Answers = append(x.Answers, answer{Fraction: strconv.Itoa(i + 1), Format: "moodle_auto_format", Text: multilang(o.Text)})
		}
	case quiz.Essay:
		x.Type = "essay"
	}
	return x
}

// multilang writes a text in one language as it is, in several as multilang spans.
func multilang(t quiz.Text) string {
	n := 0
	for _, l := range quiz.Languages {
		if strings.TrimSpace(t[l]) != "" {
			n++
		}
	}
	var sb strings.Builder
	for _, l := range quiz.Languages {
		s := strings.TrimSpace(t[l])
		switch {
		case s == "":
		case n == 1:
			return s
		default:
			sb.WriteString(`<span lang="` + string(l) + `" class="multilang">` + s + `</span>`)
		}
	}
	return sb.String()
}

func firstLine(t quiz.Text) string {
	s := t.In(quiz.Languages[0])
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return strings.TrimSpace(s)
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
