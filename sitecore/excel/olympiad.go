package excel

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// olympiadLabels are the olympiad sheets' names and headers per language.
var olympiadLabels = map[sitecore.Lang]map[string][]string{
	sitecore.Kazakh: {
		"results": {"Нәтижелер", "Орын", "Қатысушы", "Мектеп", "Аудан", "Облыс", "Пән", "Сынып", "Балл", "Ең жоғары балл",
			"Мектептегі орны", "Аудандағы орны", "Облыстағы орны", "Келесі кезеңге өтті", "Марапат", "Келмеді"},
		"participants": {"Қатысушылар", "№", "Қатысушы", "Эл. пошта", "Мектеп", "Аудан", "Облыс", "Пән", "Сынып",
			"Шақырылған", "Тіркелген уақыты"},
		"appeals": {"Апелляциялар", "№", "Қатысушы", "Мектеп", "Сұрақ", "Мәтін", "Күйі", "Шешім", "Балл (дейін)",
			"Балл (кейін)", "Қазылар алқасы мүшесі", "Берілген уақыты", "Шешілген уақыты"},
		"yes": {"иә"},
	},
	sitecore.Russian: {
		"results": {"Результаты", "Место", "Участник", "Школа", "Район", "Область", "Предмет", "Класс", "Балл", "Макс. балл",
			"Место в школе", "Место в районе", "Место в области", "Прошёл в следующий этап", "Награда", "Не явился"},
		"participants": {"Участники", "№", "Участник", "Эл. почта", "Школа", "Район", "Область", "Предмет", "Класс",
			"Приглашён", "Зарегистрирован"},
		"appeals": {"Апелляции", "№", "Участник", "Школа", "Вопрос", "Текст", "Статус", "Решение", "Балл (до)",
			"Балл (после)", "Член жюри", "Подана", "Решена"},
		"yes": {"да"},
	},
	sitecore.English: {
		"results": {"Results", "Place", "Participant", "School", "District", "Region", "Subject", "Grade", "Score", "Max score",
			"School place", "District place", "Region place", "Qualified", "Award", "Absent"},
		"participants": {"Participants", "No.", "Participant", "Email", "School", "District", "Region", "Subject", "Grade",
			"Invited", "Registered"},
		"appeals": {"Appeals", "No.", "Participant", "School", "Question", "Text", "Status", "Decision", "Points before",
			"Points after", "Jury member", "Filed", "Decided"},
		"yes": {"yes"},
	},
}

func olyLabel(lang sitecore.Lang, key string) []string {
	if m, ok := olympiadLabels[lang]; ok {
		return m[key]
	}
	return olympiadLabels[sitecore.English][key]
}

// olySheet is one streamed sheet of an olympiad export.
type olySheet struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	textID int // style "@": text
	dt     int // style of dates and times
	row    int
	vals   []any
	cells  []excelize.Cell
}

func newOlySheet(lang sitecore.Lang, key string) (*olySheet, error) {
	l := olyLabel(lang, key)
	s := &olySheet{f: excelize.NewFile(), vals: make([]any, len(l)-1), cells: make([]excelize.Cell, len(l)-1), row: 1}
	if err := s.f.SetSheetName("Sheet1", l[0]); err != nil {
		return s, err
	}
	var err error
	if s.sw, err = s.f.NewStreamWriter(l[0]); err != nil {
		return s, err
	}
	bold, err := s.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return s, err
	}
	if s.textID, err = s.f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return s, err
	}
	dtf := dateTimeFormat
	if s.dt, err = s.f.NewStyle(&excelize.Style{CustomNumFmt: &dtf}); err != nil {
		return s, err
	}
	header := make([]any, len(l)-1)
	for i, h := range l[1:] {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return s, err
	}
	return s, s.sw.SetRow("A1", header)
}

// text puts a string as a text cell: it is written as a string and styled "@", so a name
// or an appeal beginning with = + - or @ is never taken for a formula.
func (s *olySheet) text(col int, v string) {
	if v == "" {
		s.vals[col] = nil
		return
	}
	s.cells[col] = excelize.Cell{StyleID: s.textID, Value: v}
	s.vals[col] = &s.cells[col]
}

func (s *olySheet) num(col int, v any) { s.vals[col] = v }

// instant puts an instant as Almaty's wall time in an Excel date cell.
func (s *olySheet) instant(col int, t time.Time) {
	s.vals[col] = nil
	if t.IsZero() {
		return
	}
	l := t.In(sitecore.Almaty)
	if v, ok := excelSerial(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second()); ok {
		s.cells[col] = excelize.Cell{StyleID: s.dt, Value: v}
		s.vals[col] = &s.cells[col]
	}
}

func (s *olySheet) next() error {
	s.row++
	return s.sw.SetRow("A"+strconv.Itoa(s.row), s.vals)
}

// finish flushes the sheet and zips the workbook into w (see export.finish).
func (s *olySheet) finish(w io.Writer) error {
	if err := s.sw.Flush(); err != nil {
		return err
	}
	x := &export{f: s.f}
	return x.finish(w)
}

// writeOly runs one olympiad export: each streams the rows into row, which fills the
// sheet's cells; progress is called every ProgressEvery rows.
func writeOly[T any](w io.Writer, lang sitecore.Lang, key string, each func(func(*T) error) error,
	row func(*olySheet, *T), progress func(int)) (rows int, err error) {
	s, err := newOlySheet(lang, key)
	defer func() {
		if cerr := s.f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	if err != nil {
		return 0, fmt.Errorf("excel: %w", err)
	}
	err = each(func(v *T) error {
		row(s, v)
		if err := s.next(); err != nil {
			return err
		}
		rows++
		if progress != nil && rows%ProgressEvery == 0 {
			progress(rows)
		}
		return nil
	})
	if err != nil {
		return rows, fmt.Errorf("excel: %s row %d: %w", key, rows+1, err)
	}
	if err := s.finish(w); err != nil {
		return rows, fmt.Errorf("excel: %w", err)
	}
	return rows, nil
}

// WriteOlympiadResults writes a round's results as an .xlsx workbook to w, texts in lang:
// one row per result in the order each gives them (olympiad.Store.EachResultRow: by contest,
// then place), and returns the number of rows. each calls its function once per row and
// may reuse the row between calls. Memory stays flat: rows are streamed and nothing is
// written to w before the last one.
func WriteOlympiadResults(w io.Writer, lang sitecore.Lang, each func(func(*olympiad.ResultRow) error) error, progress func(int)) (int, error) {
	yes := olyLabel(lang, "yes")[0]
	return writeOly(w, lang, "results", each, func(s *olySheet, r *olympiad.ResultRow) {
		s.num(0, nilIfZero(r.Place))
		s.text(1, r.Participant)
		s.text(2, r.School)
		s.text(3, r.District)
		s.text(4, r.Region)
		s.text(5, r.Subject)
		s.num(6, r.Grade)
		s.num(7, r.Score)
		s.num(8, r.MaxScore)
		s.num(9, nilIfZero(r.SchoolPlace))
		s.num(10, nilIfZero(r.DistrictPlace))
		s.num(11, nilIfZero(r.RegionPlace))
		s.text(12, ifYes(r.Qualified, yes))
		s.text(13, string(r.Award))
		s.text(14, ifYes(r.Absent, yes))
	}, progress)
}

// WriteOlympiadParticipants writes a round's registrations (olympiad.Store.EachParticipantRow).
func WriteOlympiadParticipants(w io.Writer, lang sitecore.Lang, each func(func(*olympiad.ParticipantRow) error) error, progress func(int)) (int, error) {
	yes := olyLabel(lang, "yes")[0]
	return writeOly(w, lang, "participants", each, func(s *olySheet, r *olympiad.ParticipantRow) {
		s.num(0, r.ID)
		s.text(1, r.Participant)
		s.text(2, r.Email)
		s.text(3, r.School)
		s.text(4, r.District)
		s.text(5, r.Region)
		s.text(6, r.Subject)
		s.num(7, r.Grade)
		s.text(8, ifYes(r.Invited, yes))
		s.instant(9, r.Created)
	}, progress)
}

// WriteOlympiadAppeals writes a round's appeals (olympiad.Store.EachAppealRow).
func WriteOlympiadAppeals(w io.Writer, lang sitecore.Lang, each func(func(*olympiad.AppealRow) error) error, progress func(int)) (int, error) {
	return writeOly(w, lang, "appeals", each, func(s *olySheet, r *olympiad.AppealRow) {
		s.num(0, r.ID)
		s.text(1, r.Participant)
		s.text(2, r.School)
		s.num(3, r.QuestionID)
		s.text(4, r.Text)
		s.text(5, string(r.Status))
		s.text(6, r.Decision)
		s.num(7, r.PointsBefore)
		s.num(8, r.PointsAfter)
		s.text(9, r.JuryMember)
		s.instant(10, r.FiledAt)
		s.instant(11, r.DecidedAt)
	}, progress)
}

func nilIfZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func ifYes(b bool, yes string) string {
	if b {
		return yes
	}
	return ""
}
