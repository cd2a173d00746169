package excel

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// resultRows returns an each function over n made-up result rows; names cycle through
// values that look like formulas.
func resultRows(n int) func(func(*olympiad.ResultRow) error) error {
	names := []string{"=HYPERLINK(\"http://x\",\"1\")", "+77011234567", "-1", "@SUM(A1)", "Әлия Серікқызы"}
	return func(fn func(*olympiad.ResultRow) error) error {
		var r olympiad.ResultRow
		for i := range n {
			r.RegistrationID = int64(i + 1)
			r.Place, r.SchoolPlace, r.DistrictPlace, r.RegionPlace = i/2+1, i%30+1, i%300+1, i%3000+1
			r.Subject, r.Grade, r.Score, r.MaxScore = "Математика", 9+i%3, float64(100-i%100)+0.5, 100
			r.Participant, r.School = names[i%len(names)], "№"+fmt.Sprint(i%700)+" мектеп-гимназия"
			r.District, r.Region = "Алмалы ауданы", "Алматы қаласы"
			r.Qualified, r.Absent = i%10 == 0, i%97 == 0
			r.Award = olympiad.AwardParticipant
			if err := fn(&r); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestWriteOlympiadResultsAsText(t *testing.T) {
	var b bytes.Buffer
	n, err := WriteOlympiadResults(&b, sitecore.Russian, resultRows(5), nil)
	if err != nil || n != 5 {
		t.Fatalf("WriteOlympiadResults = %d, %v", n, err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	if sheet != "Результаты" {
		t.Errorf("sheet %q", sheet)
	}
	if h, _ := f.GetCellValue(sheet, "M1"); h != "Прошёл в следующий этап" {
		t.Errorf("header M1 = %q", h)
	}
	want := []string{"=HYPERLINK(\"http://x\",\"1\")", "+77011234567", "-1", "@SUM(A1)", "Әлия Серікқызы"}
	for i, w := range want {
		ref := fmt.Sprintf("B%d", i+2)
		if v, _ := f.GetCellValue(sheet, ref); v != w {
			t.Errorf("%s = %q, want %q", ref, v, w)
		}
		if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
			t.Errorf("%s has the formula %q", ref, formula)
		}
		if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeFormula || typ == excelize.CellTypeNumber {
			t.Errorf("%s has type %v", ref, typ)
		}
	}
	if v, _ := f.GetCellValue(sheet, "A3"); v != "1" {
		t.Errorf("place of row 2 = %q (places 1,1,2,…)", v)
	}
	if v, _ := f.GetCellValue(sheet, "M2"); v != "да" {
		t.Errorf("qualified = %q", v)
	}
}

func TestWriteOlympiadAppealsAndParticipants(t *testing.T) {
	at := time.Date(2026, 10, 22, 6, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	n, err := WriteOlympiadAppeals(&b, sitecore.Kazakh, func(fn func(*olympiad.AppealRow) error) error {
		return fn(&olympiad.AppealRow{Appeal: olympiad.Appeal{ID: 7, QuestionID: 3, Text: "=1+1 дұрыс емес", Status: olympiad.AppealAccepted,
			PointsBefore: 0, PointsAfter: 2, FiledAt: at}, Participant: "Оқушы", JuryMember: "Қазы"})
	}, nil)
	if err != nil || n != 1 {
		t.Fatalf("WriteOlympiadAppeals = %d, %v", n, err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Апелляциялар", "E2"); v != "=1+1 дұрыс емес" {
		t.Errorf("appeal text = %q", v)
	}
	if v, _ := f.GetCellValue("Апелляциялар", "K2"); v != "22.10.2026 11:00" {
		t.Errorf("filed at = %q, want Almaty time", v)
	}
	b.Reset()
	stop := fmt.Errorf("database gone")
	if _, err := WriteOlympiadParticipants(&b, sitecore.English, func(fn func(*olympiad.ParticipantRow) error) error {
		return stop
	}, nil); err == nil || b.Len() != 0 {
		t.Errorf("a failing source: %v, %d bytes written", err, b.Len())
	}
}

// BenchmarkOlympiadResults writes 100,000 result rows (one sheet, 15 columns).
func BenchmarkOlympiadResults(b *testing.B) {
	for b.Loop() {
		if _, err := WriteOlympiadResults(io.Discard, sitecore.Russian, resultRows(100_000), nil); err != nil {
			b.Fatal(err)
		}
	}
}
