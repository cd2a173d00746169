package excel

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
)

// helpdeskLabels are the helpdesk sheets' names and headers per language.
var helpdeskLabels = map[sitecore.Lang]map[string][]string{
	sitecore.Kazakh: {
		"tickets": {"Өтініштер"},
		"ticket_header": {"№", "Құрылды", "Сайт", "Өтініш беруші", "Санат", "Басымдық", "Тақырып", "Күйі", "Маман",
			"Алғашқы жауап", "Шешілді", "Алғашқы жауап мерзімі бұзылды", "Шешім мерзімі бұзылды", "Эскалация деңгейі"},
		"report": {"Мамандар"},
		"report_header": {"Маман", "Шешілген", "Алғашқы жауаптың медианасы, сағ", "Шешімнің медианасы, сағ",
			"SLA ішінде, %", "Орташа баға", "★1", "★2", "★3", "★4", "★5"},
		"team": {"Барлық команда"},
	},
	sitecore.Russian: {
		"tickets": {"Обращения"},
		"ticket_header": {"№", "Создано", "Сайт", "Заявитель", "Категория", "Приоритет", "Тема", "Статус", "Специалист",
			"Первый ответ", "Решено", "Нарушен срок первого ответа", "Нарушен срок решения", "Уровень эскалации"},
		"report": {"Специалисты"},
		"report_header": {"Специалист", "Решено", "Медиана первого ответа, ч", "Медиана решения, ч",
			"В рамках SLA, %", "Средняя оценка", "★1", "★2", "★3", "★4", "★5"},
		"team": {"Вся команда"},
	},
	sitecore.English: {
		"tickets": {"Tickets"},
		"ticket_header": {"No.", "Created", "Site", "Requester", "Category", "Priority", "Subject", "Status", "Agent",
			"First response", "Solved", "First response breached", "Resolution breached", "Escalation level"},
		"report": {"Agents"},
		"report_header": {"Agent", "Solved", "Median first response, h", "Median resolution, h",
			"Within SLA, %", "Average rating", "★1", "★2", "★3", "★4", "★5"},
		"team": {"Whole team"},
	},
}

func hdLabel(lang sitecore.Lang, key string) []string {
	if m, ok := helpdeskLabels[lang]; ok {
		return m[key]
	}
	return helpdeskLabels[sitecore.English][key]
}

// helpdeskSheet opens a workbook with one streamed sheet and its bold header.
func helpdeskSheet(lang sitecore.Lang, name, header string) (*excelize.File, *excelize.StreamWriter, int, error) {
	f := excelize.NewFile()
	sheet := hdLabel(lang, name)[0]
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return f, nil, 0, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return f, nil, 0, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return f, nil, 0, err
	}
	hs := hdLabel(lang, header)
	cells := make([]any, len(hs))
	for i, h := range hs {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return f, nil, 0, err
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return f, nil, 0, err
	}
	dtf := dateTimeFormat
	dt, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtf})
	return f, sw, dt, err
}

// WriteTickets writes the tickets next returns (nil, nil after the last) as an .xlsx
// workbook to w, texts in lang, times in Asia/Almaty, and returns the number of rows.
// Memory stays flat: rows are streamed, and nothing is written to w before the last one.
func WriteTickets(w io.Writer, lang sitecore.Lang, next func() (*sitecore.Ticket, error)) (rows int, err error) {
	f, sw, dt, err := helpdeskSheet(lang, "tickets", "ticket_header")
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	if err != nil {
		return 0, fmt.Errorf("excel: %w", err)
	}
	local := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		l := t.In(sitecore.Almaty)
		if v, ok := excelSerial(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second()); ok {
			return excelize.Cell{StyleID: dt, Value: v}
		}
		return l.Format("02.01.2006 15:04")
	}
	vals := make([]any, 14)
	for {
		t, err := next()
		if err != nil {
			return rows, fmt.Errorf("excel: reading ticket %d: %w", rows+1, err)
		}
		if t == nil {
			break
		}
		vals[0], vals[1], vals[2], vals[3] = t.ID, local(&t.CreatedAt), t.SiteID, t.RequesterName
		vals[4], vals[5], vals[6], vals[7] = string(t.Category), string(t.Priority), t.Subject, string(t.Status)
		vals[8], vals[9], vals[10] = t.AssigneeName, local(t.FirstResponseAt), local(t.SolvedAt)
		vals[11], vals[12], vals[13] = t.FirstResponseBreached, t.ResolutionBreached, t.EscalationLevel
		rows++
		cell, _ := excelize.CoordinatesToCellName(1, rows+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return rows, fmt.Errorf("excel: ticket %d: %w", t.ID, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return rows, fmt.Errorf("excel: %w", err)
	}
	return rows, f.Write(w)
}

// WriteAgentReport writes the per-agent report (the team's row, AgentID 0, last) as an
// .xlsx workbook to w.
func WriteAgentReport(w io.Writer, lang sitecore.Lang, reports []sitecore.AgentReport) (err error) {
	f, sw, _, err := helpdeskSheet(lang, "report", "report_header")
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	hours := func(s float64) float64 { return float64(int(s/36+0.5)) / 100 }
	for i, r := range reports {
		name := r.Name
		if r.AgentID == 0 {
			name = hdLabel(lang, "team")[0]
		}
		row := []any{name, r.Solved, hours(r.MedianFirstResponseS), hours(r.MedianResolutionS),
			float64(int(r.WithinSLAPct*10+0.5)) / 10, float64(int(r.AverageRating*100+0.5)) / 100,
			r.Ratings[0], r.Ratings[1], r.Ratings[2], r.Ratings[3], r.Ratings[4]}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	return f.Write(w)
}
