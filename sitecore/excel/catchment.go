package excel

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
)

// catchmentHeader is the header row of the catchment territory template, per language
// (the column order is what admissions.ParseCatchment reads).
var catchmentHeader = map[sitecore.Lang][]any{
	sitecore.Kazakh:  {"Елді мекен", "Көше", "Үй (бастап)", "Үй (дейін)", "Тақ/жұп", "Үйлер тізімі"},
	sitecore.Russian: {"Населённый пункт", "Улица", "Дом с", "Дом по", "Чёт/нечёт", "Список домов"},
	sitecore.English: {"Settlement", "Street", "House from", "House to", "Odd/even", "Houses"},
}

// catchmentExamples are the template's example rows: a range of odd houses, a list of
// houses, a whole street.
var catchmentExamples = map[sitecore.Lang][][]any{
	sitecore.Kazakh: {{"Алматы қ.", "Абай даңғылы", 1, 99, "тақ", ""},
		{"Алматы қ.", "Қабанбай батыр көшесі", "", "", "", "12А, 12/1, 15"}, {"Алматы қ.", "Жандосов көшесі", "", "", "", ""}},
	sitecore.Russian: {{"г. Алматы", "проспект Абая", 1, 99, "нечёт", ""},
		{"г. Алматы", "ул. Кабанбай батыра", "", "", "", "12А, 12/1, 15"}, {"г. Алматы", "ул. Жандосова", "", "", "", ""}},
	sitecore.English: {{"Almaty", "Abai avenue", 1, 99, "odd", ""},
		{"Almaty", "Kabanbai batyr street", "", "", "", "12A, 12/1, 15"}, {"Almaty", "Zhandosov street", "", "", "", ""}},
}

// WriteCatchmentTemplate writes the catchment territory template (docs/school-admins.md):
// the header and three example rows in lang (English for other languages).
func WriteCatchmentTemplate(w io.Writer, lang sitecore.Lang) error {
	if _, ok := catchmentHeader[lang]; !ok {
		lang = sitecore.English
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	rows := append([][]any{catchmentHeader[lang]}, catchmentExamples[lang]...)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	if err := f.SetRowStyle(sheet, 1, 1, bold); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	for col, width := range []float64{20, 30, 12, 12, 12, 24} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return fmt.Errorf("excel: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("excel: %w", err)
	}
	return nil
}
