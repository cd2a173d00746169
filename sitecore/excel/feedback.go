package excel

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
)

// feedbackHeader are the feedback sheet's name and headers per language.
var feedbackHeader = map[sitecore.Lang][]string{
	sitecore.Kazakh: {"Кері байланыс", "№", "Келді", "Тақырып", "Аты", "Пошта", "Тіл", "Күйі", "Жасырылған",
		"Хабарлама", "Жауаптар", "Алғашқы жауап"},
	sitecore.Russian: {"Обратная связь", "№", "Получено", "Тема", "Имя", "Почта", "Язык", "Статус", "Скрыто",
		"Сообщение", "Ответов", "Первый ответ"},
	sitecore.English: {"Feedback", "No.", "Received", "Topic", "Name", "Email", "Language", "Status", "Hidden",
		"Message", "Answers", "First answer"},
}

// WriteFeedback writes feedback messages as an .xlsx workbook to w, headers in lang, times
// in Asia/Almaty. Visitors' texts are written as text cells, never as formulas, so a message
// that starts with "=" shows as typed and runs nothing.
func WriteFeedback(w io.Writer, lang sitecore.Lang, rows []feedback.ExportRow) (err error) {
	h, ok := feedbackHeader[lang]
	if !ok {
		h = feedbackHeader[sitecore.English]
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	if err := f.SetSheetName("Sheet1", h[0]); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	sw, err := f.NewStreamWriter(h[0])
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	dtf := dateTimeFormat
	dt, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtf})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	textFmt := 49 // "@": Excel keeps what is typed into such a cell as text
	txt, err := f.NewStyle(&excelize.Style{NumFmt: textFmt, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	head := make([]any, len(h)-1)
	for i, s := range h[1:] {
		head[i] = excelize.Cell{StyleID: bold, Value: s}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	if err := sw.SetColWidth(10, 10, 60); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("excel: %w", err)
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
	text := func(s string) excelize.Cell { return excelize.Cell{StyleID: txt, Value: s} }
	for i := range rows {
		m := &rows[i]
		vals := []any{m.ID, local(&m.CreatedAt), text(m.Topic), text(m.Name), text(m.Email), string(m.Lang), m.Status,
			m.Hidden, text(m.Body), m.Answers, local(m.FirstAnswer)}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return fmt.Errorf("excel: message %d: %w", m.ID, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	return f.Write(w)
}
