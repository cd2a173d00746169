package quiz

import (
	"crypto/rand"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Kind is a question type.
type Kind string

// Question types. All but Essay are graded by the machine when the attempt is submitted.
const (
	SingleChoice   Kind = "single"    // one option; Option.Correct marks the key, Option.Credit gives partial credit
	MultipleChoice Kind = "multiple"  // several options; CreditRule decides partial credit
	TrueFalse      Kind = "truefalse" // Truth is the key
	ShortAnswer    Kind = "short"     // typed text compared with Accepted after normalising (see Normalize)
	Numeric        Kind = "numeric"   // a number within a tolerance of one of Numbers
	Matching       Kind = "matching"  // each Pair's left is matched to a right
	Ordering       Kind = "ordering"  // Options put in their stored order
	Essay          Kind = "essay"     // free text graded by a teacher
)

// Kinds lists every question type.
var Kinds = []Kind{SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Numeric, Matching, Ordering, Essay}

// ParseKind validates a question type.
func ParseKind(field, s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", sitecore.Invalid(field, "quiz.kind", "value", s)
}

// CreditRule is how a multiple-choice, matching or ordering answer that is partly right
// scores. With C the correct options, W the wrong ones, h the correct options picked and w
// the wrong ones picked (duplicates counted once, unknown option IDs counted as wrong picks):
//
//   - AllOrNothing: 1 when the picks are exactly C, else 0.
//   - Proportional: h/|C| when no wrong option is picked, else 0 — partial credit for an
//     incomplete answer, none for guessing.
//   - Penalty: max(0, h/|C| − w/|W|) — each wrong pick takes back its share, so picking
//     every option scores 0 (with no wrong options, nothing is taken back).
//
// For matching the share is the pairs matched right; for ordering, the items in their right
// place. Penalty has no wrong picks to count there, so it scores like Proportional; a
// matching with any unknown choice and an ordering that is not a permutation score 0.
type CreditRule string

// Credit rules; the zero value means AllOrNothing.
const (
	AllOrNothing CreditRule = "all_or_nothing"
	Proportional CreditRule = "proportional"
	Penalty      CreditRule = "penalty"
)

// Question length limits.
const (
	MaxQuestionText = 20000 // runes of a question's text per language
	MaxOptionText   = 2000  // runes of an option, pair side or accepted answer per language
	MaxOptions      = 50    // options, pairs or accepted answers of one question
)

// Option is a choice of a single- or multiple-choice question, or an item of an ordering
// question (whose correct order is the order of Options).
type Option struct {
	// ID is opaque and random (see NewID): it identifies the option in answers without
	// telling its stored position, which is often the key's.
	ID      string `json:"id"`
	Text    Text   `json:"text"`
	Correct bool   `json:"correct,omitempty"`
	// Credit is the fraction (0..1) a single-choice option that is not Correct earns when
	// picked (Moodle's partial fractions); a Correct option always earns 1.
	Credit float64 `json:"credit,omitempty"`
}

// Pair is a premise and its match of a matching question. A pair with an empty Left is a
// distractor: its Right is offered but matches nothing. Rights are compared by text, so two
// premises may share a right; the student sees each distinct right once.
type Pair struct {
	ID      string `json:"id"`
	Left    Text   `json:"left"`
	Right   Text   `json:"right"`
	RightID string `json:"right_id"` // the right's opaque ID in answers
}

// Accepted is an accepted answer of a short-answer question with the fraction it earns.
// Text is compared after Normalize; when it is a number, a typed number within Tolerance
// (absolute) of it also matches.
type Accepted struct {
	Text      string  `json:"text"`
	Credit    float64 `json:"credit"` // in (0, 1]; Prepare makes 0 a 1
	Tolerance float64 `json:"tolerance,omitempty"`
}

// NumberKey is an accepted value of a numeric question.
type NumberKey struct {
	Value     float64 `json:"value"`
	Tolerance float64 `json:"tolerance"`          // ≥ 0
	Relative  bool    `json:"relative,omitempty"` // Tolerance is a fraction of |Value|
	Credit    float64 `json:"credit"`             // in (0, 1]; Prepare makes 0 a 1
}

// Question is a question of a school's bank. Only the fields of its Kind are used.
type Question struct {
	ID       int64     `json:"id" db:"id"`
	SiteID   int64     `json:"site_id" db:"site_id"`
	BankID   int64     `json:"bank_id" db:"bank_id"`
	Kind     Kind      `json:"kind" db:"kind"`
	Name     string    `json:"name" db:"name"` // a short name for the bank's list (Moodle's question name)
	Category string    `json:"category" db:"category"`
	Text     Text      `json:"text" db:"text"`
	MediaID  string    `json:"media_id,omitempty" db:"media_id"` // an image from the media library
	Points   float64   `json:"points" db:"points"`               // default points; a test may override
	Body     Body      `json:"body" db:"body"`
	Created  time.Time `json:"created_at" db:"created_at"`
	Updated  time.Time `json:"updated_at" db:"updated_at"`
}

// Body is the type-specific part of a question: the options and the key. It is stored as
// one JSON document.
type Body struct {
	Options       []Option    `json:"options,omitempty"`        // single, multiple, ordering
	Rule          CreditRule  `json:"rule,omitempty"`           // multiple, matching, ordering
	Truth         bool        `json:"truth,omitempty"`          // truefalse
	Accepted      []Accepted  `json:"accepted,omitempty"`       // short
	CaseSensitive bool        `json:"case_sensitive,omitempty"` // short
	KeyboardFold  bool        `json:"keyboard_fold,omitempty"`  // short: see Normalize
	Numbers       []NumberKey `json:"numbers,omitempty"`        // numeric
	Pairs         []Pair      `json:"pairs,omitempty"`          // matching
	Feedback      Text        `json:"feedback,omitempty"`       // shown at review when the test allows answers
}

// NewID returns a random opaque ID for an option, pair or right (8 hex digits).
func NewID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Prepare fills missing IDs, trims texts, defaults Points to 1 and the rule to
// AllOrNothing, then validates the question. It returns the first problem as an EInvalid
// error naming the field ("options[2].text.ru").
func (q *Question) Prepare() error {
	q.Category = strings.TrimSpace(q.Category)
	q.Name = strings.TrimSpace(q.Name)
	if q.Points == 0 {
		q.Points = 1
	}
	b := &q.Body
	for i := range b.Options {
		if b.Options[i].ID == "" {
			b.Options[i].ID = NewID()
		}
	}
	rights := map[string]string{} // right text → its ID, so equal rights share one ID
	for i := range b.Pairs {
		p := &b.Pairs[i]
		if p.ID == "" {
			p.ID = NewID()
		}
		key := rightKey(p.Right)
		if p.RightID == "" {
			if id, ok := rights[key]; ok {
				p.RightID = id
			} else {
				p.RightID = NewID()
			}
		}
		rights[key] = p.RightID
	}
	for i := range b.Accepted {
		b.Accepted[i].Text = strings.TrimSpace(b.Accepted[i].Text)
		if b.Accepted[i].Credit == 0 {
			b.Accepted[i].Credit = 1
		}
	}
	for i := range b.Numbers {
		if b.Numbers[i].Credit == 0 {
			b.Numbers[i].Credit = 1
		}
	}
	if b.Rule == "" && (q.Kind == MultipleChoice || q.Kind == Matching || q.Kind == Ordering) {
		b.Rule = AllOrNothing
	}
	return q.Validate()
}

// rightKey is what makes two rights of a matching question the same choice.
func rightKey(t Text) string {
	var sb strings.Builder
	for _, l := range Languages {
		sb.WriteString(strings.TrimSpace(t[l]))
		sb.WriteByte(0)
	}
	return sb.String()
}

// Validate checks a question without changing it.
func (q *Question) Validate() error {
	if _, err := ParseKind("kind", string(q.Kind)); err != nil {
		return err
	}
	if err := q.Text.validate("text", true, MaxQuestionText); err != nil {
		return err
	}
	if len([]rune(q.Name)) > 255 {
		return sitecore.Invalid("name", "field.too_long", "field", "name", "max", "255")
	}
	if len([]rune(q.Category)) > 200 {
		return sitecore.Invalid("category", "field.too_long", "field", "category", "max", "200")
	}
	if !finite(q.Points) || q.Points <= 0 || q.Points > 1000 {
		return sitecore.Invalid("points", "quiz.points", "value", ftoa(q.Points))
	}
	b := &q.Body
	switch b.Rule {
	case "", AllOrNothing, Proportional, Penalty:
	default:
		return sitecore.Invalid("rule", "quiz.rule", "value", string(b.Rule))
	}
	if err := b.Feedback.validate("feedback", false, MaxQuestionText); err != nil {
		return err
	}
	switch q.Kind {
	case SingleChoice, MultipleChoice, Ordering:
		return b.validateOptions(q.Kind)
	case ShortAnswer:
		return b.validateAccepted()
	case Numeric:
		return b.validateNumbers()
	case Matching:
		return b.validatePairs()
	}
	return nil
}

func (b *Body) validateOptions(k Kind) error {
	if len(b.Options) < 2 {
		return sitecore.Invalid("options", "quiz.options_few", "min", "2")
	}
	if len(b.Options) > MaxOptions {
		return sitecore.Invalid("options", "quiz.options_many", "max", itoa(MaxOptions))
	}
	ids := map[string]bool{}
	correct := 0
	for i, o := range b.Options {
		f := "options[" + itoa(i) + "]"
		if o.ID == "" || ids[o.ID] {
			return sitecore.Invalid(f+".id", "quiz.id", "field", f+".id")
		}
		ids[o.ID] = true
		if err := o.Text.validate(f+".text", true, MaxOptionText); err != nil {
			return err
		}
		if !finite(o.Credit) || o.Credit < 0 || o.Credit > 1 || (o.Credit != 0 && k != SingleChoice) {
			return sitecore.Invalid(f+".credit", "quiz.credit", "field", f+".credit")
		}
		if o.Correct {
			correct++
		}
	}
	switch {
	case k == SingleChoice && correct != 1:
		return sitecore.Invalid("options", "quiz.correct_one")
	case k == MultipleChoice && correct == 0:
		return sitecore.Invalid("options", "quiz.correct_none")
	}
	return nil
}

func (b *Body) validateAccepted() error {
	if len(b.Accepted) == 0 {
		return sitecore.Invalid("accepted", "quiz.accepted_none")
	}
	if len(b.Accepted) > MaxOptions {
		return sitecore.Invalid("accepted", "quiz.options_many", "max", itoa(MaxOptions))
	}
	full := false
	for i, a := range b.Accepted {
		f := "accepted[" + itoa(i) + "]"
		if strings.TrimSpace(a.Text) == "" {
			return sitecore.Invalid(f+".text", "field.required", "field", f+".text")
		}
		if len([]rune(a.Text)) > MaxOptionText {
			return sitecore.Invalid(f+".text", "field.too_long", "field", f+".text", "max", itoa(MaxOptionText))
		}
		if !finite(a.Credit) || a.Credit <= 0 || a.Credit > 1 {
			return sitecore.Invalid(f+".credit", "quiz.credit", "field", f+".credit")
		}
		if !finite(a.Tolerance) || a.Tolerance < 0 {
			return sitecore.Invalid(f+".tolerance", "quiz.tolerance", "field", f+".tolerance")
		}
		full = full || a.Credit == 1
	}
	if !full {
		return sitecore.Invalid("accepted", "quiz.correct_none")
	}
	return nil
}

func (b *Body) validateNumbers() error {
	if len(b.Numbers) == 0 {
		return sitecore.Invalid("numbers", "quiz.accepted_none")
	}
	if len(b.Numbers) > MaxOptions {
		return sitecore.Invalid("numbers", "quiz.options_many", "max", itoa(MaxOptions))
	}
	for i, n := range b.Numbers {
		f := "numbers[" + itoa(i) + "]"
		if !finite(n.Value) {
			return sitecore.Invalid(f+".value", "quiz.number", "field", f+".value", "value", ftoa(n.Value))
		}
		if !finite(n.Tolerance) || n.Tolerance < 0 || (n.Relative && n.Tolerance > 1) {
			return sitecore.Invalid(f+".tolerance", "quiz.tolerance", "field", f+".tolerance")
		}
		if !finite(n.Credit) || n.Credit <= 0 || n.Credit > 1 {
			return sitecore.Invalid(f+".credit", "quiz.credit", "field", f+".credit")
		}
	}
	return nil
}

func (b *Body) validatePairs() error {
	premises := 0
	ids := map[string]bool{}
	rightOf := map[string]string{} // right ID → its text key: one ID, one text
	for i, p := range b.Pairs {
		f := "pairs[" + itoa(i) + "]"
		if p.ID == "" || ids[p.ID] || p.RightID == "" {
			return sitecore.Invalid(f+".id", "quiz.id", "field", f+".id")
		}
		ids[p.ID] = true
		if err := p.Left.validate(f+".left", false, MaxOptionText); err != nil {
			return err
		}
		if err := p.Right.validate(f+".right", true, MaxOptionText); err != nil {
			return err
		}
		if k, ok := rightOf[p.RightID]; ok && k != rightKey(p.Right) {
			return sitecore.Invalid(f+".id", "quiz.id", "field", f+".right_id")
		}
		rightOf[p.RightID] = rightKey(p.Right)
		if !p.Left.Empty() {
			premises++
		}
	}
	if premises < 2 {
		return sitecore.Invalid("pairs", "quiz.options_few", "min", "2")
	}
	if len(b.Pairs) > MaxOptions {
		return sitecore.Invalid("pairs", "quiz.options_many", "max", itoa(MaxOptions))
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func itoa(i int) string { return strconv.Itoa(i) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
