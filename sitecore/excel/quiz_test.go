package excel

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

func TestWriteQuizResults(t *testing.T) {
	q1 := quiz.Question{ID: 11, Kind: quiz.SingleChoice, Name: "Сложение"}
	q2 := quiz.Question{ID: 12, Kind: quiz.Essay, Text: quiz.Text{"kk": "<p>Жаз туралы жазыңыз</p>"}}
	started := time.Date(2026, 3, 1, 19, 30, 0, 0, time.UTC) // 00:30 on 2 March in Almaty
	res := &quiz.Results{
		Rows: []quiz.ResultRow{
			{Attempt: quiz.Attempt{ID: 1, Number: 1, Status: quiz.Graded, StartedAt: started, SubmittedAt: started.Add(10 * time.Minute), Score: 1.5, MaxScore: 2},
				StudentName: "=HYPERLINK(\"x\")", StudentEmail: "a@example.kz"},
			{Attempt: quiz.Attempt{ID: 2, Number: 1, Status: quiz.Started, StartedAt: started, MaxScore: 2}, StudentName: "Бота", StudentEmail: "b@example.kz"},
		},
		Questions: []quiz.QuestionStat{{Question: q1, Answered: 2, Graded: 1, Mean: 1, Full: 1}, {Question: q2, Answered: 1, Graded: 1, Mean: 0.5}},
	}
	answers := map[int64][]quiz.Answer{1: {{AttemptID: 1, QuestionID: 11, Graded: true, Points: 1}, {AttemptID: 1, QuestionID: 12, Graded: true, Points: 0.5}}}
	var b bytes.Buffer
	if err := WriteQuizResults(&b, sitecore.Kazakh, res, answers); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Нәтижелер" || got[1] != "Сұрақтар" {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("Нәтижелер")
	if len(rows) != 3 || rows[0][8] != "1. Сложение" || rows[0][9] != "2. Жаз туралы жазыңыз" {
		t.Fatalf("rows %q", rows)
	}
	if r := rows[1]; r[0] != `=HYPERLINK("x")` || r[3] != "бағаланды" || r[4] != "02.03.2026 00:30" || r[6] != "1.5" || r[8] != "1" || r[9] != "0.5" {
		t.Errorf("graded row %q", r)
	}
	if formula, _ := f.GetCellFormula("Нәтижелер", "A2"); formula != "" {
		t.Errorf("a name became a formula: %q", formula)
	}
	if r := rows[2]; r[6] != "" || r[3] != "басталды" {
		t.Errorf("started row %q", r)
	}
	qs, _ := f.GetRows("Сұрақтар")
	if len(qs) != 3 || qs[2][5] != "50" || qs[1][6] != "1" {
		t.Errorf("questions %q", qs)
	}
}
