package quiz

import (
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// Import limits: a bank file larger than MaxImportBytes or with more than MaxImportQuestions
// questions is refused whole.
const (
	MaxImportBytes     = 20 << 20
	MaxImportQuestions = 5000
)

// Problem is one thing wrong in an imported bank file.
type Problem struct {
	// Row is the spreadsheet row (1-based, as Excel shows it) or the question's number in a
	// Moodle file (1-based, counting questions, not categories).
	Row int `json:"row"`
	// Column is the spreadsheet column ("F" or "F (answer)") or the Moodle element.
	Column string `json:"column,omitempty"`
	// Name is the question's name in a Moodle file.
	Name string `json:"name,omitempty"`
	// Err is what is wrong; its Key and Args give the localized message.
	Err *sitecore.Error `json:"-"`
}

// Problems are all the problems of a file. An import returns either every question of a
// file or its problems, never part of the questions.
type Problems []Problem

// Error lists the problems for logs.
func (ps Problems) Error() string {
	var sb strings.Builder
	for i, p := range ps {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString("row " + strconv.Itoa(p.Row))
		if p.Column != "" {
			sb.WriteString(" column " + p.Column)
		}
		sb.WriteString(": " + p.Err.Error())
	}
	return sb.String()
}

// Failed returns the error of an import with problems: EInvalid "quiz.import_failed"
// (with the count) wrapping the Problems, which the HTTP layer lists with errors.As.
func (ps Problems) Failed() error {
	return &sitecore.Error{Code: sitecore.EInvalid, Key: "quiz.import_failed", Field: "file",
		Args: map[string]string{"count": strconv.Itoa(len(ps))}, Err: ps}
}

// Add records a problem; err that is not a *sitecore.Error becomes an internal one.
func (ps *Problems) Add(row int, column, name string, err error) {
	*ps = append(*ps, Problem{Row: row, Column: column, Name: name, Err: sitecore.AsError(err)})
}

// Message returns the problem's message in lang, with where it is.
func (p Problem) Message(lang sitecore.Lang) string {
	at := sitecore.Message(lang, "quiz.import_at", map[string]string{"row": strconv.Itoa(p.Row), "column": p.Column})
	if p.Column == "" {
		at = sitecore.Message(lang, "quiz.import_at_row", map[string]string{"row": strconv.Itoa(p.Row)})
	}
	if p.Name != "" {
		at += " (" + p.Name + ")"
	}
	return at + ": " + sitecore.Message(lang, p.Err.Key, p.Err.Args)
}
