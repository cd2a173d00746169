package excel

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// quizLabels are the results workbook's sheet names and headers per language.
var quizLabels = map[sitecore.Lang]map[string][]string{
	sitecore.Kazakh: {
		"results":   {"Нәтижелер"},
		"header":    {"Оқушы", "Email", "Талпыныс", "Күйі", "Басталды", "Тапсырылды", "Балл", "Ең жоғары балл"},
		"questions": {"Сұрақтар"},
		"qheader":   {"№", "Сұрақ", "Түрі", "Жауап бергендер", "Бағаланғаны", "Орташа, %", "Толық балл", "Тексерілмеген эссе"},
		"status":    {"басталды", "тапсырылды", "бағаланды", "жабылды"},
	},
	sitecore.Russian: {
		"results":   {"Результаты"},
		"header":    {"Ученик", "Email", "Попытка", "Статус", "Начата", "Сдана", "Балл", "Максимум"},
		"questions": {"Вопросы"},
		"qheader":   {"№", "Вопрос", "Тип", "Ответили", "Оценено", "Среднее, %", "Полный балл", "Эссе без оценки"},
		"status":    {"начата", "сдана", "оценена", "закрыта"},
	},
	sitecore.English: {
		"results":   {"Results"},
		"header":    {"Student", "Email", "Attempt", "Status", "Started", "Submitted", "Score", "Maximum"},
		"questions": {"Questions"},
		"qheader":   {"No.", "Question", "Type", "Answered", "Graded", "Mean, %", "Full marks", "Essays to grade"},
		"status":    {"started", "submitted", "graded", "closed"},
	},
}

func quizLabel(lang sitecore.Lang, key string) []string {
	if m, ok := quizLabels[lang]; ok {
		return m[key]
	}
	return quizLabels[sitecore.English][key]
}

// WriteQuizResults writes a test's results as an .xlsx workbook to w in lang: a sheet of
// attempts (student, attempt, status, times in Asia/Almaty, score, and the points of each
// question in the test's question order) and a sheet of statistics per question. Names and
// texts are string cells, never formulas. answers are the attempts' stored answers by
// attempt ID.
func WriteQuizResults(w io.Writer, lang sitecore.Lang, res *quiz.Results, answers map[int64][]quiz.Answer) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	header := quizLabel(lang, "header")
	qheader := quizLabel(lang, "qheader")
	for i, st := range res.Questions {
		header = append(header, strconv.Itoa(i+1)+". "+questionTitle(&st.Question, lang))
	}
	sw, err := surveySheetNamed(f, quizLabel(lang, "results")[0], header, true)
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	dt, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(dateTimeFormat)})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	statuses := quizLabel(lang, "status")
	for n, r := range res.Rows {
		row := []any{r.StudentName, r.StudentEmail, r.Number, statusLabel(statuses, r.Status), timeCell(r.StartedAt, dt), timeCell(r.SubmittedAt, dt)}
		if r.Status == quiz.Graded || r.Status == quiz.Submitted {
			row = append(row, r.Score, r.MaxScore)
		} else {
			row = append(row, "", r.MaxScore)
		}
		for _, st := range res.Questions {
			cell := any("")
			for _, a := range answers[r.ID] {
				if a.QuestionID == st.Question.ID && a.Graded {
					cell = a.Points
				}
			}
			row = append(row, cell)
		}
		c, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(c, row); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	qs, err := surveySheetNamed(f, quizLabel(lang, "questions")[0], qheader, false)
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	for i, st := range res.Questions {
		c, _ := excelize.CoordinatesToCellName(1, i+2)
		mean := float64(int(st.Mean*10000+0.5)) / 100
		if err := qs.SetRow(c, []any{i + 1, questionTitle(&st.Question, lang), string(st.Question.Kind), st.Answered,
			st.Graded, mean, st.Full, st.Pending}); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if err := qs.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	return f.Write(w)
}

// surveySheetNamed opens a streamed sheet named name with a bold, frozen header row
// (the first sheet renames Sheet1).
func surveySheetNamed(f *excelize.File, name string, header []string, first bool) (*excelize.StreamWriter, error) {
	var err error
	if first {
		err = f.SetSheetName("Sheet1", name)
	} else {
		_, err = f.NewSheet(name)
	}
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	return sw, sw.SetRow("A1", cells)
}

// questionTitle is a question's name, else the start of its text without tags.
func questionTitle(q *quiz.Question, lang sitecore.Lang) string {
	if q.Name != "" {
		return q.Name
	}
	s := []rune(stripTags(q.Text.In(lang)))
	if len(s) > 60 {
		return string(s[:60]) + "…"
	}
	return string(s)
}

func stripTags(s string) string {
	out := make([]rune, 0, len(s))
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			out = append(out, r)
		}
	}
	return string(out)
}

func statusLabel(labels []string, s quiz.Status) string {
	for i, st := range []quiz.Status{quiz.Started, quiz.Submitted, quiz.Graded, quiz.Closed} {
		if s == st && i < len(labels) {
			return labels[i]
		}
	}
	return string(s)
}

// timeCell is the instant as Almaty's wall time in an Excel date cell ("" for none).
func timeCell(t time.Time, style int) any {
	if t.IsZero() {
		return ""
	}
	l := t.In(sitecore.Almaty)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	return excelize.Cell{StyleID: style, Value: wall}
}

func ptr[T any](v T) *T { return &v }
