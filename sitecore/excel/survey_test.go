package excel

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

func TestSurveyResultsWorkbook(t *testing.T) {
	tr := func(s string) map[sitecore.Lang]string { return map[sitecore.Lang]string{sitecore.Russian: s} }
	s := &survey.Survey{Title: tr("Форма"), Questions: []survey.Question{
		{ID: "c", Kind: survey.Single, Text: tr("Цвет"), Options: []survey.Option{{ID: "b", Text: tr("Синий")}, {ID: "g", Text: tr("Серый")}}},
		{ID: "p", Kind: survey.Scale, Text: tr("Цена"), Scale: 5},
	}}
	tally := survey.NewTally(s)
	tally.Add(survey.Ballot{Answers: map[string]survey.Answer{"c": {Choice: "g"}, "p": {Value: 4}}})
	tally.Add(survey.Ballot{Answers: map[string]survey.Answer{"c": {Choice: "g"}, "p": {Value: 2}}})
	tally.Add(survey.Ballot{Answers: map[string]survey.Answer{"c": {Choice: "b"}}})
	r := tally.Results(3, 4, time.Now())
	var buf bytes.Buffer
	if err := WriteSurveyResults(&buf, s, &r, []survey.DayCount{{Day: "2026-05-04", Voters: 3}}, sitecore.Russian); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Результаты" || got[1] != "По дням" {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("Результаты")
	if len(rows) < 9 || rows[2][2] != "Серый" || rows[2][3] != "2" || rows[2][4] != "66.7" || rows[6][2] != "4" {
		t.Errorf("rows %q", rows)
	}
	days, _ := f.GetRows("По дням")
	if len(days) != 2 || days[1][1] != "3" {
		t.Errorf("turnout %q", days)
	}
}

func TestSurveyVotersAndIINList(t *testing.T) {
	voters := []survey.VoterRow{{VotedAt: time.Date(2026, 5, 4, 5, 0, 0, 0, time.UTC), Name: "Асанов Асан", MaskedIIN: "99********96"}}
	var buf bytes.Buffer
	n, err := WriteSurveyVoters(&buf, sitecore.Kazakh, func() (*survey.VoterRow, error) {
		if len(voters) == 0 {
			return nil, nil
		}
		v := voters[0]
		voters = voters[1:]
		return &v, nil
	})
	if err != nil || n != 1 {
		t.Fatalf("WriteSurveyVoters = %d, %v", n, err)
	}
	f, _ := excelize.OpenReader(&buf)
	rows, _ := f.GetRows("Дауыс бергендер")
	if len(rows) != 2 || rows[1][1] != "Асанов Асан" || rows[1][3] != "99********96" {
		t.Errorf("rows %q", rows)
	}
	f.Close()

	up := excelize.NewFile()
	_ = up.SetSheetRow("Sheet1", "A1", &[]any{"ЖСН", "Email"})
	_ = up.SetSheetRow("Sheet1", "A2", &[]any{"990106300596", "a@example.kz"})
	_ = up.SetSheetRow("Sheet1", "A3", &[]any{61211600012}) // a number cell: the leading zero is gone
	_ = up.SetSheetRow("Sheet1", "A5", &[]any{"871203350924"})
	var xb bytes.Buffer
	if err := up.Write(&xb); err != nil {
		t.Fatal(err)
	}
	list, err := ReadIINList(bytes.NewReader(xb.Bytes()), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Email != "a@example.kz" || list[1].IIN != "061211600012" || list[2].IIN != "871203350924" {
		t.Errorf("list %+v", list)
	}
	if _, err := ReadIINList(bytes.NewReader(xb.Bytes()), 2); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadIINList(bytes.NewReader([]byte("not a workbook")), 10); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Errorf("not a workbook: %v", err)
	}
}
