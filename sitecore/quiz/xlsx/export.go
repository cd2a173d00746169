package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// Export writes questions in the template to w: one row per question in its first language
// (kk, ru, en order), then one continuation row per other language. Every text cell is
// written as a string, so Excel never evaluates "=…" from a question as a formula. An empty
// list writes the header alone: that is the blank template.
func Export(w io.Writer, qs []quiz.Question) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	row := 1
	put := func(cells []any) error {
		ref, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(ref, cells)
	}
	h := header()
	hc := make([]any, len(h))
	for i, s := range h {
		hc[i] = excelize.Cell{Value: s, StyleID: bold}
	}
	if err := put(hc); err != nil {
		return err
	}
	for i := range qs {
		for _, cells := range questionRows(&qs[i]) {
			if err := put(cells); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// str is a text cell. The stream writer writes a Go string as an inline string, which
// Excel shows as text and never evaluates, whatever it begins with.
func str(s string) any { return s }

// questionRows returns the rows of one question: its first language, then the others.
func questionRows(q *quiz.Question) [][]any {
	var langs []sitecore.Lang
	for _, l := range quiz.Languages {
		if strings.TrimSpace(q.Text[l]) != "" {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		langs = []sitecore.Lang{quiz.Languages[0]}
	}
	var rows [][]any
	for n, l := range langs {
		cells := make([]any, colFirstOption, colFirstOption+MaxOptions)
		for i := range cells {
			cells[i] = nil
		}
		cells[colLang] = str(string(l))
		cells[colQuestion] = str(q.Text[l])
		if s := q.Body.Feedback[l]; s != "" {
			cells[colFeedback] = str(s)
		}
		if n == 0 {
			cells[colType] = str(string(q.Kind))
			cells[colCategory] = str(q.Category)
			cells[colName] = str(q.Name)
			cells[colPoints] = q.Points
			if q.Body.Rule != "" && (q.Kind == quiz.MultipleChoice || q.Kind == quiz.Matching || q.Kind == quiz.Ordering) {
				cells[colRule] = str(string(q.Body.Rule))
			}
			answer, tol := key(q)
			cells[colAnswer], cells[colTolerance] = str(answer), str(tol)
		}
		b := &q.Body
		switch q.Kind {
		case quiz.SingleChoice, quiz.MultipleChoice, quiz.Ordering:
			for _, o := range b.Options {
				cells = append(cells, str(o.Text.In(l)))
			}
		case quiz.Matching:
			for _, p := range b.Pairs {
				left := ""
				if !p.Left.Empty() {
					left = p.Left.In(l) + " "
				}
				cells = append(cells, str(left+pairSep+" "+p.Right.In(l)))
			}
		}
		rows = append(rows, cells)
	}
	return rows
}

// key writes the answer and tolerance cells of a question.
func key(q *quiz.Question) (answer, tol string) {
	b := &q.Body
	switch q.Kind {
	case quiz.SingleChoice, quiz.MultipleChoice:
		var ls []string
		for i, o := range b.Options {
			if o.Correct {
				ls = append(ls, letter(i))
			}
		}
		return strings.Join(ls, ","), ""
	case quiz.TrueFalse:
		return strconv.FormatBool(b.Truth), ""
	case quiz.ShortAnswer:
		var as []string
		for _, a := range b.Accepted {
			as = append(as, a.Text)
			if a.Tolerance > 0 {
				tol = ftoa(a.Tolerance)
			}
		}
		return strings.Join(as, " | "), tol
	case quiz.Numeric:
		if len(b.Numbers) == 0 {
			return "", ""
		}
		n := b.Numbers[0] // the template holds one value; Moodle XML keeps them all
		if n.Relative {
			return ftoa(n.Value), ftoa(n.Tolerance*100) + "%"
		}
		if n.Tolerance > 0 {
			tol = ftoa(n.Tolerance)
		}
		return ftoa(n.Value), tol
	}
	return "", ""
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
