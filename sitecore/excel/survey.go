package excel

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// surveyLabels are the survey sheets' names and headers per language.
var surveyLabels = map[sitecore.Lang]map[string][]string{
	sitecore.Kazakh: {
		"results":        {"Нәтижелер"},
		"results_header": {"Сұрақ", "Жол", "Нұсқа", "Саны", "Үлесі, %"},
		"summary":        {"Бюллетеньдер", "Дауыс бергендер", "Қатысушылар тобы", "Қатысу, %", "Кворум", "Иә", "Жоқ", "Орташа"},
		"turnout":        {"Күндер бойынша"},
		"turnout_header": {"Күн", "Дауыс бергендер"},
		"voters":         {"Дауыс бергендер"},
		"voters_header":  {"Уақыты", "Аты-жөні", "Email", "ЖСН", "Бюллетень"},
	},
	sitecore.Russian: {
		"results":        {"Результаты"},
		"results_header": {"Вопрос", "Строка", "Вариант", "Количество", "Доля, %"},
		"summary":        {"Бюллетени", "Проголосовали", "Аудитория", "Явка, %", "Кворум", "Да", "Нет", "Среднее"},
		"turnout":        {"По дням"},
		"turnout_header": {"День", "Проголосовали"},
		"voters":         {"Проголосовавшие"},
		"voters_header":  {"Время", "Имя", "Email", "ИИН", "Бюллетень"},
	},
	sitecore.English: {
		"results":        {"Results"},
		"results_header": {"Question", "Row", "Option", "Count", "Share, %"},
		"summary":        {"Ballots", "Voters", "Audience", "Turnout, %", "Quorum", "Yes", "No", "Average"},
		"turnout":        {"By day"},
		"turnout_header": {"Day", "Voters"},
		"voters":         {"Who voted"},
		"voters_header":  {"Time", "Name", "Email", "IIN", "Ballot"},
	},
}

func svLabel(lang sitecore.Lang, key string) []string {
	if m, ok := surveyLabels[lang]; ok {
		return m[key]
	}
	return surveyLabels[sitecore.English][key]
}

// surveySheet opens a streamed sheet with its bold, frozen header (sheet 1 is renamed).
func surveySheet(f *excelize.File, lang sitecore.Lang, name, header string, first bool) (*excelize.StreamWriter, error) {
	sheet := svLabel(lang, name)[0]
	var err error
	if first {
		err = f.SetSheetName("Sheet1", sheet)
	} else {
		_, err = f.NewSheet(sheet)
	}
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	hs := svLabel(lang, header)
	cells := make([]any, len(hs))
	for i, h := range hs {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	return sw, sw.SetRow("A1", cells)
}

// WriteSurveyResults writes the results of s as an .xlsx workbook to w, texts in lang (the
// survey's texts in its closest language): a sheet of counts per question, option and matrix
// row with the summary (ballots, voters, audience, turnout, quorum) below, and a sheet of
// turnout by day.
func WriteSurveyResults(w io.Writer, s *survey.Survey, r *survey.Results, turnout []survey.DayCount, lang sitecore.Lang) (err error) {
	if s == nil || r == nil {
		return errors.New("excel: no survey results")
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	sw, err := surveySheet(f, lang, "results", "results_header", true)
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	tl := s.Lang(lang)
	text := func(opts []survey.Option, id string) string {
		for _, o := range opts {
			if o.ID == id {
				return o.Text[tl]
			}
		}
		return id
	}
	share := func(n, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(int(float64(n)*1000/float64(of)+0.5)) / 10
	}
	row := 1
	put := func(vals ...any) error {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, vals)
	}
	summary := svLabel(lang, "summary")
	for i, q := range s.Questions {
		if i >= len(r.Questions) || r.Questions[i].ID != q.ID {
			continue
		}
		qr, qt := r.Questions[i], q.Text[tl]
		switch q.Kind {
		case survey.Single, survey.Multiple:
			for _, o := range qr.Options {
				if err := put(qt, "", text(q.Options, o.ID), o.Count, share(o.Count, qr.Answered)); err != nil {
					return fmt.Errorf("excel: %w", err)
				}
			}
		case survey.Scale:
			for v, n := range qr.Distribution {
				if err := put(qt, "", v+1, n, share(n, qr.Answered)); err != nil {
					return fmt.Errorf("excel: %w", err)
				}
			}
			if err := put(qt, "", summary[7], float64(int(qr.Average*100+0.5))/100, nil); err != nil {
				return fmt.Errorf("excel: %w", err)
			}
		case survey.Matrix:
			for _, mr := range qr.Rows {
				answered := 0
				for _, o := range mr.Options {
					answered += o.Count
				}
				for _, o := range mr.Options {
					if err := put(qt, text(q.Rows, mr.ID), text(q.Options, o.ID), o.Count, share(o.Count, answered)); err != nil {
						return fmt.Errorf("excel: %w", err)
					}
				}
			}
		case survey.Text:
			if err := put(qt, "", "", qr.Answered, nil); err != nil {
				return fmt.Errorf("excel: %w", err)
			}
		}
	}
	quorum := summary[6]
	if r.QuorumMet {
		quorum = summary[5]
	}
	row++ // a blank line before the summary
	for i, v := range []any{r.Ballots, r.Voters, r.Audience, float64(int(r.TurnoutPct*10+0.5)) / 10, quorum} {
		if err := put(summary[i], "", "", v, nil); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	tw, err := surveySheet(f, lang, "turnout", "turnout_header", false)
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	for i, d := range turnout {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := tw.SetRow(cell, []any{d.Day, d.Voters}); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	return f.Write(w)
}

// WriteSurveyVoters writes who voted (next returns them, nil after the last) as an .xlsx
// workbook to w and returns the number of rows. In anonymous mode the rows hold no ballot:
// the list cannot be linked to the ballots. Rows are streamed, so memory stays flat.
func WriteSurveyVoters(w io.Writer, lang sitecore.Lang, next func() (*survey.VoterRow, error)) (rows int, err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	sw, err := surveySheet(f, lang, "voters", "voters_header", true)
	if err != nil {
		return 0, fmt.Errorf("excel: %w", err)
	}
	dtf := dateTimeFormat
	dt, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtf})
	if err != nil {
		return 0, fmt.Errorf("excel: %w", err)
	}
	vals := make([]any, 5)
	for {
		v, err := next()
		if err != nil {
			return rows, fmt.Errorf("excel: reading voter %d: %w", rows+1, err)
		}
		if v == nil {
			break
		}
		l := v.VotedAt.In(sitecore.Almaty)
		vals[0] = l.Format("02.01.2006 15:04")
		if serial, ok := excelSerial(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second()); ok {
			vals[0] = excelize.Cell{StyleID: dt, Value: serial}
		}
		vals[1], vals[2], vals[3], vals[4] = v.Name, v.Email, v.MaskedIIN, strings.TrimSpace(string(v.Ballot))
		rows++
		cell, _ := excelize.CoordinatesToCellName(1, rows+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return rows, fmt.Errorf("excel: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return rows, fmt.Errorf("excel: %w", err)
	}
	return rows, f.Write(w)
}

// ReadIINList reads an uploaded audience list: the first sheet, IINs in the first column and
// optional emails in the second; a header row (anything but digits in the first cell) is
// skipped, blank rows too. At most max rows are read. IINs are checked by the caller.
func ReadIINList(r io.Reader, max int) ([]survey.ListRow, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, sitecore.Invalid("file", "survey.list_file")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, sitecore.Invalid("file", "survey.list_file")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, sitecore.Invalid("file", "survey.list_file")
	}
	defer rows.Close()
	var out []survey.ListRow
	for first := true; rows.Next(); first = false {
		cols, err := rows.Columns()
		if err != nil {
			return nil, sitecore.Invalid("file", "survey.list_file")
		}
		if len(cols) == 0 || strings.TrimSpace(cols[0]) == "" {
			continue
		}
		iin := strings.TrimSpace(cols[0])
		if first && strings.Trim(iin, "0123456789") != "" {
			continue // a header
		}
		if n := len(iin); n >= 10 && n < 12 && strings.Trim(iin, "0123456789") == "" {
			iin = strings.Repeat("0", 12-n) + iin // a number cell lost the IIN's leading zeros
		}
		lr := survey.ListRow{IIN: iin}
		if len(cols) > 1 {
			lr.Email = strings.TrimSpace(cols[1])
		}
		if len(out) == max {
			return nil, sitecore.Invalid("file", "survey.list_size", "max", fmt.Sprint(max))
		}
		out = append(out, lr)
	}
	if len(out) == 0 {
		return nil, sitecore.Invalid("file", "survey.list_file")
	}
	return out, nil
}
