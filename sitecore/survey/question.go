package survey

import "github.com/mektep/mektep/sitecore"

// QuestionKind is the type of a question.
type QuestionKind string

// Question kinds.
const (
	Single   QuestionKind = "single"   // one option
	Multiple QuestionKind = "multiple" // between Min and Max options
	Scale    QuestionKind = "scale"    // a whole number from 1 to Scale (5 or 10)
	Text     QuestionKind = "text"     // free text of at most MaxLength characters
	Matrix   QuestionKind = "matrix"   // one option (column) for each row
)

// QuestionKinds lists every kind.
var QuestionKinds = []QuestionKind{Single, Multiple, Scale, Text, Matrix}

// Option is a choice of a single or multiple choice question, or a row or column of a matrix.
// Its ID is what ballots carry; the text is per site language.
type Option struct {
	ID   string                   `json:"id"`
	Text map[sitecore.Lang]string `json:"text"`
}

// Question is one question of a survey. Which fields matter depends on Kind: Options for
// single, multiple and matrix (its columns); Min and Max for multiple; Scale for scale;
// MaxLength for text; Rows for matrix.
type Question struct {
	ID        string                   `json:"id"`
	Kind      QuestionKind             `json:"kind"`
	Text      map[sitecore.Lang]string `json:"text"`
	Required  bool                     `json:"required"`
	Options   []Option                 `json:"options,omitempty"`
	Rows      []Option                 `json:"rows,omitempty"`
	Min       int                      `json:"min,omitempty"`
	Max       int                      `json:"max,omitempty"`
	Scale     int                      `json:"scale,omitempty"`
	MaxLength int                      `json:"max_length,omitempty"`
}

// hasOption reports whether id is one of the options.
func hasOption(opts []Option, id string) bool {
	for _, o := range opts {
		if o.ID == id {
			return true
		}
	}
	return false
}
