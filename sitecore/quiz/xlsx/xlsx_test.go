package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// workbook builds an .xlsx with the header and rows (nil cells stay empty).
func workbook(t *testing.T, rows ...[]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	h := header()
	hc := make([]any, len(h))
	for i, s := range h {
		hc[i] = s
	}
	all := append([][]any{hc}, rows...)
	for i, r := range all {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", ref, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// row is a template row: type, category, name, points, lang, question, answer, tolerance,
// rule, feedback, then the options.
func row(cells ...any) []any { return cells }

func TestImport(t *testing.T) {
	buf := workbook(t,
		row("single", "Алгебра", "Capital", 2, "kk", "Астана қай жылдан бері астана?", "b", "", "", "", "1991", "1997", "2019"),
		row("", "", "", nil, "ru", "С какого года Астана столица?", "", "", "", "", "1991 г.", "1997 г.", "2019 г."),
		row("multiple", "Алгебра", "", 1, "", "Жай сандар?", "A, C", "", "penalty", "", "2", "4", "5"),
		row("truefalse", "", "", nil, "", "Жер домалақ", "TRUE", "", "", "", ""),
		row("short", "", "", nil, "kk", "Астана", "Астана | Нұр-Сұлтан", "", "", ""),
		row("", "", "", nil, "en", "Capital", "Astana", "", "", ""),
		row("numeric", "", "", nil, "", "g?", "9,81", "1%", "", ""),
		row("matching", "", "", nil, "", "Сәйкестендір", "", "", "proportional", "", "Абай => ақын", "Жамбыл => ақын", "Әуезов => жазушы", "=> композитор"),
		row("ordering", "", "", nil, "", "Ретімен", "", "", "", "", "бір", "екі", "үш"),
		row("essay", "", "", 10, "", "Эссе", "", "", "", "Жоспар бойынша"),
		row(""), // blank rows are skipped
	)
	qs, err := Import(buf, sitecore.Kazakh)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 8 {
		t.Fatalf("%d questions, want 8", len(qs))
	}
	single := &qs[0]
	if single.Kind != quiz.SingleChoice || single.Points != 2 || single.Name != "Capital" || single.Category != "Алгебра" ||
		single.Text[sitecore.Russian] != "С какого года Астана столица?" || single.Body.Options[1].Text[sitecore.Russian] != "1997 г." ||
		!single.Body.Options[1].Correct || single.Body.Options[0].Correct {
		t.Errorf("single = %+v", single)
	}
	multi := &qs[1]
	if multi.Body.Rule != quiz.Penalty || !multi.Body.Options[0].Correct || multi.Body.Options[1].Correct || !multi.Body.Options[2].Correct {
		t.Errorf("multiple = %+v", multi.Body)
	}
	if !qs[2].Body.Truth {
		t.Error("truefalse: TRUE not read")
	}
	short := &qs[3]
	if len(short.Body.Accepted) != 3 || quiz.Grade(short, quiz.Response{Text: "astana"}).Fraction != 1 || quiz.Grade(short, quiz.Response{Text: "нұр-сұлтан"}).Fraction != 1 {
		t.Errorf("short = %+v", short.Body.Accepted)
	}
	num := &qs[4]
	if n := num.Body.Numbers[0]; n.Value != 9.81 || !n.Relative || n.Tolerance != 0.01 {
		t.Errorf("numeric = %+v", num.Body.Numbers)
	}
	m := qs[5].Body.Pairs
	if len(m) != 4 || m[0].RightID != m[1].RightID || m[3].Left != nil || qs[5].Body.Rule != quiz.Proportional {
		t.Errorf("matching = %+v", m)
	}
	if o := qs[6].Body.Options; len(o) != 3 || o[2].Text[sitecore.Kazakh] != "үш" {
		t.Errorf("ordering = %+v", o)
	}
	if qs[7].Points != 10 || qs[7].Body.Feedback[sitecore.Kazakh] != "Жоспар бойынша" {
		t.Errorf("essay = %+v", qs[7])
	}
}

func TestImportProblems(t *testing.T) {
	buf := workbook(t,
		row("", "", "", nil, "ru", "translation with nothing above"),                            // 2
		row("single", "", "", nil, "", "?", "D", "", "", "", "a", "b", "c"),                     // 3: no option D
		row("multiple", "", "", nil, "", "?", "", "", "", "", "a", "b"),                         // 4: no key
		row("truefalse", "", "", nil, "", "?", "maybe"),                                         // 5
		row("numeric", "", "", nil, "", "?", "NaN"),                                             // 6
		row("numeric", "", "", nil, "", "?", "1", "-1"),                                         // 7
		row("poll", "", "", nil, "", "?"),                                                       // 8
		row("essay", "", "", "many", "", "?"),                                                   // 9
		row("matching", "", "", nil, "", "?", "", "", "", "", "a => 1", "b - 2"),                // 10
		row("single", "", "", nil, "", "?", "A", "", "", "", "a", "", "c"),                      // 11: fine
		row("", "", "", nil, "ru", "?", "", "", "", "", "а"),                                    // 12: options differ
		row("essay", "", "", nil, "de", "?"),                                                    // 13
		row("ordering", "", "", nil, "", "?", "", "", "", "", "only one"),                       // 14
		row("essay", "", "", nil, "", ""),                                                       // 15: no text
		row("single", "", "", nil, "", "?", "A", "", "", "", "a", "", "=> not matching but ok"), // 16: fine
	)
	qs, err := Import(buf, sitecore.Kazakh)
	if qs != nil || err == nil {
		t.Fatalf("Import = %d questions, %v; want problems and nothing", len(qs), err)
	}
	var ps quiz.Problems
	if sitecore.AsError(err).Key != "quiz.import_failed" || !errors.As(err, &ps) {
		t.Fatalf("error = %v", err)
	}
	want := []struct {
		row    int
		column string
		key    string
	}{
		{2, "A (type)", "quiz.import_continuation"},
		{3, "G (answer)", "quiz.import_letter"},
		{4, "G (answer)", "quiz.correct_none"},
		{5, "G (answer)", "quiz.import_truth"},
		{6, "G (answer)", "quiz.number"},
		{7, "H (tolerance)", "quiz.tolerance"},
		{8, "A (type)", "quiz.kind"},
		{9, "D (points)", "quiz.number"},
		{10, "L (option B)", "quiz.import_pair"},
		{12, "K (option A)", "quiz.import_mismatch"},
		{13, "E (lang)", "lang.unsupported"},
		{14, "K (option A)", "quiz.options_few"},
		{15, "F (question)", "field.required"},
	}
	if len(ps) != len(want) {
		t.Fatalf("problems = %v", ps)
	}
	for i, w := range want {
		if p := ps[i]; p.Row != w.row || p.Column != w.column || p.Err.Key != w.key {
			t.Errorf("problem %d = row %d %q %s; want %+v", i, p.Row, p.Column, p.Err.Key, w)
		}
	}
	if got := ps[1].Message(sitecore.English); got != "Row 3, column G (answer): There is no option “D”: give the letter of a filled option (A, B, C…)." {
		t.Errorf("message = %q", got)
	}
}

func TestImportBadFiles(t *testing.T) {
	if _, err := Import(strings.NewReader("PK\x03\x04 not really a zip"), sitecore.Kazakh); sitecore.AsError(err).Key != "quiz.import_format" {
		t.Errorf("garbage: %v", err)
	}
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"question", "answer"})
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	f.Close()
	_, err := Import(&buf, sitecore.Kazakh)
	var ps quiz.Problems
	if !errors.As(err, &ps) || ps[0].Row != 1 || ps[0].Err.Key != "quiz.import_header" {
		t.Errorf("wrong header: %v", err)
	}
	if _, err := Import(workbook(t), sitecore.Kazakh); sitecore.AsError(err).Key != "quiz.import_empty" {
		t.Errorf("empty: %v", err)
	}
	big := bytes.NewReader(make([]byte, quiz.MaxImportBytes+1))
	if _, err := Import(big, sitecore.Kazakh); sitecore.ErrorCode(err) != sitecore.ETooLarge {
		t.Errorf("too large: %v", err)
	}
}

func TestImportReadsRawNumbers(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	hc := []any{}
	for _, s := range header() {
		hc = append(hc, s)
	}
	_ = f.SetSheetRow("Sheet1", "A1", &hc)
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"numeric", "", "", 1, "", "π?", 3.14159})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 1}) // "0": shows 3
	_ = f.SetCellStyle("Sheet1", "G2", "G2", style)
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	qs, err := Import(&buf, sitecore.Kazakh)
	if err != nil || qs[0].Body.Numbers[0].Value != 3.14159 {
		t.Fatalf("Import = %+v, %v; want the stored 3.14159, not the shown 3", qs, err)
	}
}

func TestExportRoundTripAndNoFormulas(t *testing.T) {
	dangerous := []string{`=HYPERLINK("http://evil.example","click")`, "+7 701 000 00 00", "-5 °C", "@SUM(A1:A9)", "=1+1"}
	qs := []quiz.Question{
		{Kind: quiz.SingleChoice, Name: dangerous[3], Category: dangerous[4], Points: 2,
			Text: quiz.Text{sitecore.Kazakh: dangerous[0], sitecore.Russian: "Вопрос"},
			Body: quiz.Body{Options: []quiz.Option{
				{Text: quiz.Text{sitecore.Kazakh: dangerous[1], sitecore.Russian: "один"}, Correct: true},
				{Text: quiz.Text{sitecore.Kazakh: dangerous[2], sitecore.Russian: "два"}}}}},
		{Kind: quiz.ShortAnswer, Text: quiz.Text{sitecore.Russian: "?"}, Body: quiz.Body{Accepted: []quiz.Accepted{{Text: "=A1"}, {Text: "3.14", Tolerance: 0.01}}}},
		{Kind: quiz.Numeric, Text: quiz.Text{sitecore.English: "?"}, Body: quiz.Body{Numbers: []quiz.NumberKey{{Value: -2000, Tolerance: 0.05, Relative: true}}}},
		{Kind: quiz.Matching, Text: quiz.Text{sitecore.Kazakh: "?"}, Body: quiz.Body{Rule: quiz.Proportional, Pairs: []quiz.Pair{
			{Left: quiz.Text{sitecore.Kazakh: "a"}, Right: quiz.Text{sitecore.Kazakh: "=x"}},
			{Left: quiz.Text{sitecore.Kazakh: "b"}, Right: quiz.Text{sitecore.Kazakh: "y"}},
			{Right: quiz.Text{sitecore.Kazakh: "z"}}}}},
		{Kind: quiz.TrueFalse, Text: quiz.Text{sitecore.Kazakh: "?"}},
		{Kind: quiz.Ordering, Text: quiz.Text{sitecore.Kazakh: "?"}, Body: quiz.Body{Options: []quiz.Option{{Text: quiz.Text{sitecore.Kazakh: "1"}}, {Text: quiz.Text{sitecore.Kazakh: "2"}}}}},
		{Kind: quiz.Essay, Text: quiz.Text{sitecore.Kazakh: "?"}, Points: 5},
	}
	for i := range qs {
		if err := qs[i].Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := Export(&buf, qs); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for r, cells := range rows {
		for c, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula(SheetName, ref); formula != "" {
				t.Errorf("%s has the formula %q", ref, formula)
			}
			if v == "" {
				continue
			}
			typ, _ := f.GetCellType(SheetName, ref)
			if _, isNum := quiz.ParseNumber(v); typ != excelize.CellTypeInlineString && !(isNum && typ == excelize.CellTypeUnset) {
				t.Errorf("%s = %q has type %v", ref, v, typ)
			}
			for _, d := range dangerous {
				if v == d {
					found[d] = true
				}
			}
		}
	}
	f.Close()
	if len(found) != len(dangerous) {
		t.Errorf("found %v of %v as text", found, dangerous)
	}

	back, err := Import(bytes.NewReader(buf.Bytes()), sitecore.Kazakh)
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if len(back) != len(qs) {
		t.Fatalf("%d back, want %d", len(back), len(qs))
	}
	for i := range qs {
		a, b := qs[i], back[i]
		if a.Kind != b.Kind || a.Name != b.Name || a.Category != b.Category || a.Points != b.Points || a.Body.Rule != b.Body.Rule ||
			a.Text[sitecore.Kazakh] != b.Text[sitecore.Kazakh] || a.Text[sitecore.Russian] != b.Text[sitecore.Russian] {
			t.Errorf("question %d: %+v came back as %+v", i, a, b)
		}
	}
	if o := back[0].Body.Options; !o[0].Correct || o[1].Correct || o[1].Text[sitecore.Russian] != "два" || o[1].Text[sitecore.Kazakh] != dangerous[2] {
		t.Errorf("options back = %+v", o)
	}
	if n := back[2].Body.Numbers[0]; n.Value != -2000 || !n.Relative || n.Tolerance != 0.05 {
		t.Errorf("numeric back = %+v", n)
	}
	if p := back[3].Body.Pairs; len(p) != 3 || p[0].Right[sitecore.Kazakh] != "=x" || p[2].Left != nil {
		t.Errorf("pairs back = %+v", p)
	}
	if a := back[1].Body.Accepted; len(a) != 2 || a[0].Text != "=A1" || a[1].Tolerance != 0.01 {
		t.Errorf("accepted back = %+v", a)
	}
}
