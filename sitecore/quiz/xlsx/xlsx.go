// Package xlsx reads and writes a question bank as an Excel workbook in the template
// documented in docs/tests-and-olympiads.md, with github.com/xuri/excelize/v2.
//
// The template is one sheet with a header row (Columns) and one row per question; a row
// without a type continues the question above in another language. Import reads every row
// first and returns either all the questions or all the problems, each naming its row and
// column, so nothing is half-imported. Export writes every text as a string cell, never a
// formula, so a question that begins with = + - or @ stays text (no formula injection).
package xlsx

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Columns are the template's header, in order. Option columns follow: "option A",
// "option B", ... up to MaxOptions.
var Columns = []string{"type", "category", "name", "points", "lang", "question", "answer", "tolerance", "rule", "feedback"}

// Column indexes (0-based) of the fixed columns.
const (
	colType = iota
	colCategory
	colName
	colPoints
	colLang
	colQuestion
	colAnswer
	colTolerance
	colRule
	colFeedback
	colFirstOption
)

// MaxOptions is the number of option columns the template reads.
const MaxOptions = 20

// SheetName is the name of the questions sheet Export writes; Import reads the first sheet
// whatever its name.
const SheetName = "questions"

// pairSep separates the two sides of a matching pair in an option cell.
const pairSep = "=>"

// header returns the full header row.
func header() []string {
	h := slices.Clone(Columns)
	for i := range MaxOptions {
		h = append(h, "option "+letter(i))
	}
	return h
}

// letter is the option letter of index i: A, B, ...
func letter(i int) string { return string(rune('A' + i)) }

// letterIndex reads an option letter ("a", " C ") and returns its index.
func letterIndex(s string) (int, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 1 || s[0] < 'A' || int(s[0]-'A') >= MaxOptions {
		return 0, false
	}
	return int(s[0] - 'A'), true
}

// cellName is a column as problems name it: "G (answer)".
func cellName(col int) string {
	name, _ := excelize.ColumnNumberToName(col + 1)
	h := header()
	if col < len(h) {
		return name + " (" + h[col] + ")"
	}
	return name
}
