package excel

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
)

// statsLabels are the statistics workbook's sheet names and headers per language.
var statsLabels = map[sitecore.Lang]map[string][]string{
	sitecore.Kazakh: {
		"days":  {"Күндер", "Күні", "Қаралым", "Бірегей келушілер"},
		"pages": {"Беттер", "Бет", "Қаралым"},
		"langs": {"Тілдер", "Тіл", "Қаралым"},
	},
	sitecore.Russian: {
		"days":  {"По дням", "Дата", "Просмотры", "Уникальные посетители"},
		"pages": {"Страницы", "Страница", "Просмотры"},
		"langs": {"Языки", "Язык", "Просмотры"},
	},
	sitecore.English: {
		"days":  {"Days", "Date", "Views", "Unique visitors"},
		"pages": {"Pages", "Page", "Views"},
		"langs": {"Languages", "Language", "Views"},
	},
}

// WriteStats writes a site's statistics report as an .xlsx workbook to w, with texts in
// lang: a sheet of views and unique visitors per day (dates as Excel dates), one of the
// top pages and one of views per language, each with a bold, frozen header row.
func WriteStats(w io.Writer, lang sitecore.Lang, rep *sitecore.StatsReport) (err error) {
	labels, ok := statsLabels[lang]
	if !ok {
		labels = statsLabels[sitecore.English]
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("excel: %w", cerr)
		}
	}()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	df := dateFormat
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &df})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	sheet := func(key string, rows [][]any) error {
		l := labels[key]
		name := l[0]
		if key == "days" {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, 0, len(l)-1)
		for _, h := range l[1:] {
			head = append(head, excelize.Cell{StyleID: bold, Value: h})
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		return sw.Flush()
	}
	days := make([][]any, 0, len(rep.Days))
	for _, d := range rep.Days {
		var day any = d.Date
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			if v, ok := excelSerial(t.Year(), t.Month(), t.Day(), 0, 0, 0); ok {
				day = excelize.Cell{StyleID: date, Value: v}
			}
		}
		days = append(days, []any{day, d.Views, d.Uniques})
	}
	pages := make([][]any, 0, len(rep.Pages))
	for _, p := range rep.Pages {
		pages = append(pages, []any{p.Path, p.Views})
	}
	langs := make([][]any, 0, len(rep.Langs))
	for _, l := range rep.Langs {
		langs = append(langs, []any{l.Lang.Native(), l.Views})
	}
	for _, s := range []struct {
		key  string
		rows [][]any
	}{{"days", days}, {"pages", pages}, {"langs", langs}} {
		if err := sheet(s.key, s.rows); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	return f.Write(w)
}
