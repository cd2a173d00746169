package survey

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Limits of a definition.
const (
	MaxQuestions     = 100
	MaxOptions       = 50
	MaxMatrixRows    = 50
	MaxMatrixColumns = 20
	MaxTitleLen      = 300
	MaxDescLen       = 5000
	MaxQuestionLen   = 1000
	MaxOptionLen     = 300
	MaxTextAnswer    = 5000 // the largest MaxLength of a free-text question
	DefaultTextLen   = 1000
	MaxReminders     = 10
	MaxDuration      = 366 * 24 * time.Hour
)

// idPattern is the shape of question and option IDs: ballots and canonical bytes carry them.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// Definition is what an author sends to create or change a survey.
type Definition struct {
	Kind               Kind              `json:"kind"`
	Title              map[string]string `json:"title"`
	Description        map[string]string `json:"description"`
	Questions          []Question        `json:"questions"`
	Audience           Audience          `json:"audience"`
	OpensAt            time.Time         `json:"opens_at"`
	ClosesAt           time.Time         `json:"closes_at"`
	SignatureRequired  bool              `json:"signature_required"`
	AllowOrganisations bool              `json:"allow_organisations"`
	Mode               Mode              `json:"mode"`
	ResultsBeforeClose bool              `json:"results_before_close"`
	PublishResults     bool              `json:"publish_results"`
	Quorum             Quorum            `json:"quorum"`
	Reminders          []Reminder        `json:"reminders"`
	Revote             bool              `json:"revote"`
	// Poll holds the settings of a poll (kind poll); other kinds ignore it.
	Poll *Poll `json:"poll"`
}

// Validate checks the definition for a site with the languages langs at now and returns the
// survey it describes (a draft, without IDs). Every error is EInvalid naming the field
// ("questions.2.options.0.text.kk"). Question IDs left empty become q1, q2, … and option IDs
// o1, o2, … by position.
func (d Definition) Validate(langs []sitecore.Lang, now time.Time) (*Survey, error) {
	s := &Survey{Kind: d.Kind, Audience: d.Audience, SignatureRequired: d.SignatureRequired,
		AllowOrganisations: d.AllowOrganisations, Mode: d.Mode, ResultsBeforeClose: d.ResultsBeforeClose,
		PublishResults: d.PublishResults, Quorum: d.Quorum, Revote: d.Revote, Status: StatusDraft, Version: 1,
		Reminders: slices.Clone(d.Reminders)}
	if s.Kind == "" {
		s.Kind = KindSurvey
	}
	if s.Kind != KindSurvey && s.Kind != KindVote && s.Kind != KindPoll {
		return nil, sitecore.Invalid("kind", "survey.kind", "value", string(d.Kind))
	}
	var err error
	if s.Title, err = texts("title", d.Title, langs, true, MaxTitleLen); err != nil {
		return nil, err
	}
	if s.Description, err = texts("description", d.Description, langs, false, MaxDescLen); err != nil {
		return nil, err
	}
	if len(d.Questions) == 0 || len(d.Questions) > MaxQuestions {
		return nil, sitecore.Invalid("questions", "survey.questions", "max", strconv.Itoa(MaxQuestions))
	}
	seen := map[string]bool{}
	for i, q := range d.Questions {
		field := "questions." + strconv.Itoa(i)
		if q.ID == "" {
			q.ID = "q" + strconv.Itoa(i+1)
		}
		if !idPattern.MatchString(q.ID) {
			return nil, sitecore.Invalid(field+".id", "survey.id", "value", q.ID)
		}
		if seen[q.ID] {
			return nil, sitecore.Invalid(field+".id", "survey.id_duplicate", "value", q.ID)
		}
		seen[q.ID] = true
		vq, err := validateQuestion(field, q, langs)
		if err != nil {
			return nil, err
		}
		s.Questions = append(s.Questions, vq)
	}
	if s.Kind == KindPoll {
		if err := s.validatePoll(d.Poll); err != nil {
			return nil, err
		}
	}
	if err := s.validateSettings(); err != nil {
		return nil, err
	}
	if err := validateTimes(d.OpensAt, d.ClosesAt, now); err != nil {
		return nil, err
	}
	s.OpensAt, s.ClosesAt = d.OpensAt.UTC(), d.ClosesAt.UTC()
	return s, nil
}

// validateSettings checks the audience, the times, the mode, the quorum and the reminders.
func (s *Survey) validateSettings() error {
	switch s.Audience.Kind {
	case AudienceAny, AudienceParents, AudienceStaff:
		s.Audience.OrgUnitID = 0
	case AudienceOrgUnit:
		if s.Audience.OrgUnitID <= 0 {
			return sitecore.Invalid("audience.org_unit_id", "field.required")
		}
	case AudienceIINList:
		s.Audience.OrgUnitID = 0
		if !s.SignatureRequired {
			// Only a certificate says whose IIN it is.
			return sitecore.Invalid("audience.kind", "survey.list_needs_signature")
		}
	default:
		return sitecore.Invalid("audience.kind", "survey.audience", "value", string(s.Audience.Kind))
	}
	if s.Mode != Anonymous && s.Mode != Named {
		return sitecore.Invalid("mode", "survey.mode", "value", string(s.Mode))
	}
	if s.Revote && s.Mode != Named {
		return sitecore.Invalid("revote", "survey.revote_named")
	}
	if s.AllowOrganisations && !s.SignatureRequired {
		return sitecore.Invalid("allow_organisations", "survey.list_needs_signature")
	}
	if s.Quorum.MinBallots < 0 || s.Quorum.MinTurnoutPct < 0 || s.Quorum.MinTurnoutPct > 100 {
		return sitecore.Invalid("quorum", "survey.quorum")
	}
	if s.Quorum.MinTurnoutPct > 0 && s.Audience.Kind == AudienceAny {
		return sitecore.Invalid("quorum.min_turnout_pct", "survey.quorum_audience")
	}
	if len(s.Reminders) > MaxReminders {
		return sitecore.Invalid("reminders", "survey.reminders", "max", strconv.Itoa(MaxReminders))
	}
	hours := map[int]bool{}
	for i, r := range s.Reminders {
		if r.HoursBeforeClose < 1 || r.HoursBeforeClose > int(MaxDuration/time.Hour) || hours[r.HoursBeforeClose] {
			return sitecore.Invalid("reminders."+strconv.Itoa(i)+".hours_before_close", "survey.reminders",
				"max", strconv.Itoa(MaxReminders))
		}
		hours[r.HoursBeforeClose] = true
	}
	// The plan runs from the earliest reminder: the workflow walks it in this order.
	slices.SortFunc(s.Reminders, func(a, b Reminder) int { return b.HoursBeforeClose - a.HoursBeforeClose })
	return nil
}

// validateTimes checks the opening and closing times against now.
func validateTimes(opens, closes, now time.Time) error {
	switch {
	case opens.IsZero():
		return sitecore.Invalid("opens_at", "field.required")
	case closes.IsZero():
		return sitecore.Invalid("closes_at", "field.required")
	case !closes.After(opens) || closes.Sub(opens) > MaxDuration:
		return sitecore.Invalid("closes_at", "survey.times")
	case !closes.After(now):
		return sitecore.Invalid("closes_at", "survey.closes_past")
	}
	return nil
}

// validateQuestion checks one question and fills defaults.
func validateQuestion(field string, q Question, langs []sitecore.Lang) (Question, error) {
	var err error
	if q.Text, err = texts(field+".text", stringMap(q.Text), langs, true, MaxQuestionLen); err != nil {
		return q, err
	}
	options := func(name string, opts []Option, min, max int) ([]Option, error) {
		if len(opts) < min || len(opts) > max {
			return nil, sitecore.Invalid(field+"."+name, "survey.options", "min", strconv.Itoa(min), "max", strconv.Itoa(max))
		}
		out := make([]Option, len(opts))
		seen := map[string]bool{}
		for i, o := range opts {
			of := field + "." + name + "." + strconv.Itoa(i)
			if o.ID == "" {
				o.ID = "o" + strconv.Itoa(i+1)
			}
			if !idPattern.MatchString(o.ID) {
				return nil, sitecore.Invalid(of+".id", "survey.id", "value", o.ID)
			}
			if seen[o.ID] {
				return nil, sitecore.Invalid(of+".id", "survey.id_duplicate", "value", o.ID)
			}
			seen[o.ID] = true
			if o.Text, err = texts(of+".text", stringMap(o.Text), langs, true, MaxOptionLen); err != nil {
				return nil, err
			}
			out[i] = o
		}
		return out, nil
	}
	clear := func() { q.Options, q.Rows, q.Min, q.Max, q.Scale, q.MaxLength = nil, nil, 0, 0, 0, 0 }
	switch q.Kind {
	case Single:
		opts, err := options("options", q.Options, 2, MaxOptions)
		clear()
		q.Options = opts
		return q, err
	case Multiple:
		opts, err := options("options", q.Options, 2, MaxOptions)
		if err != nil {
			return q, err
		}
		min, max := q.Min, q.Max
		if max == 0 {
			max = len(opts)
		}
		if min < 0 || max < 1 || min > max || max > len(opts) {
			return q, sitecore.Invalid(field+".max", "survey.min_max", "max", strconv.Itoa(len(opts)))
		}
		if q.Required && min == 0 {
			min = 1
		}
		clear()
		q.Options, q.Min, q.Max = opts, min, max
		return q, nil
	case Scale:
		scale := q.Scale
		if scale != 5 && scale != 10 {
			return q, sitecore.Invalid(field+".scale", "survey.scale")
		}
		clear()
		q.Scale = scale
		return q, nil
	case Text:
		n := q.MaxLength
		if n == 0 {
			n = DefaultTextLen
		}
		if n < 1 || n > MaxTextAnswer {
			return q, sitecore.Invalid(field+".max_length", "survey.text_length", "max", strconv.Itoa(MaxTextAnswer))
		}
		clear()
		q.MaxLength = n
		return q, nil
	case Matrix:
		rows, err := options("rows", q.Rows, 1, MaxMatrixRows)
		if err != nil {
			return q, err
		}
		cols, err := options("options", q.Options, 2, MaxMatrixColumns)
		if err != nil {
			return q, err
		}
		clear()
		q.Rows, q.Options = rows, cols
		return q, nil
	}
	return q, sitecore.Invalid(field+".kind", "survey.question_kind", "value", string(q.Kind))
}

// texts validates a text per language: each key a language of the site, each value at most
// max characters of valid UTF-8 and, when required, present in every language of the site.
func texts(field string, in map[string]string, langs []sitecore.Lang, required bool, max int) (map[sitecore.Lang]string, error) {
	out := make(map[sitecore.Lang]string, len(in))
	for k, v := range in {
		l := sitecore.Lang(k)
		if !slices.Contains(langs, l) {
			return nil, sitecore.Invalid(field+"."+k, "survey.lang", "value", k)
		}
		v = strings.TrimSpace(v)
		if !utf8.ValidString(v) || utf8.RuneCountInString(v) > max {
			return nil, sitecore.Invalid(field+"."+k, "field.too_long", "max", strconv.Itoa(max))
		}
		if v != "" {
			out[l] = v
		}
	}
	if required {
		for _, l := range langs {
			if out[l] == "" {
				return nil, sitecore.Invalid(field+"."+string(l), "survey.text_missing", "value", string(l))
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func stringMap(m map[sitecore.Lang]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}
