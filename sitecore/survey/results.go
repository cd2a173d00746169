package survey

import "time"

// OptionCount is how many ballots chose an option.
type OptionCount struct {
	ID    string `json:"id"`
	Count int    `json:"count"`
}

// MatrixRow is the counts of one matrix row, per column.
type MatrixRow struct {
	ID      string        `json:"id"`
	Options []OptionCount `json:"options"`
}

// QuestionResult is the tally of one question. Answered counts the ballots that answered it;
// Options holds the counts of single and multiple choice questions (in option order), Scale
// questions have Distribution (counts of 1…Scale) and Average, matrices Rows. Free-text
// answers are only counted here; their texts are in the export for the survey's owners.
type QuestionResult struct {
	ID           string        `json:"id"`
	Kind         QuestionKind  `json:"kind"`
	Answered     int           `json:"answered"`
	Options      []OptionCount `json:"options,omitempty"`
	Distribution []int         `json:"distribution,omitempty"`
	Average      float64       `json:"average,omitempty"`
	Rows         []MatrixRow   `json:"rows,omitempty"`
}

// Results is the tally of a survey. Ballots is the number of ballots counted, Voters the
// number of people recorded as having voted (in anonymous mode a voter may not have sent the
// ballot yet, or ever), Audience the size of the audience when it is known (0 otherwise).
type Results struct {
	SurveyID   int64            `json:"survey_id"`
	Ballots    int              `json:"ballots"`
	Voters     int              `json:"voters"`
	Audience   int              `json:"audience,omitempty"`
	TurnoutPct float64          `json:"turnout_pct,omitempty"`
	QuorumMet  bool             `json:"quorum_met"`
	Final      bool             `json:"final"` // computed at closing
	ComputedAt time.Time        `json:"computed_at"`
	Questions  []QuestionResult `json:"questions"`
}

// Tally counts ballots of one survey. Add every ballot, then call Results. It keeps only
// counters, so a survey of any size is tallied in constant memory.
type Tally struct {
	s       *Survey
	ballots int
	res     []QuestionResult
	sums    []int
	opt     []map[string]int // question → option → index in Options
	rowIdx  []map[string]int // matrix: row → index in Rows
	colIdx  []map[string]int // matrix: column → index in a row's Options
	byID    map[string]int   // question ID → index
}

// NewTally starts counting ballots of s.
func NewTally(s *Survey) *Tally {
	t := &Tally{s: s, res: make([]QuestionResult, len(s.Questions)), sums: make([]int, len(s.Questions)),
		opt: make([]map[string]int, len(s.Questions)), rowIdx: make([]map[string]int, len(s.Questions)),
		colIdx: make([]map[string]int, len(s.Questions)), byID: make(map[string]int, len(s.Questions))}
	for i, q := range s.Questions {
		t.byID[q.ID] = i
		r := QuestionResult{ID: q.ID, Kind: q.Kind}
		index := func(opts []Option) (map[string]int, []OptionCount) {
			m := make(map[string]int, len(opts))
			cs := make([]OptionCount, len(opts))
			for j, o := range opts {
				m[o.ID], cs[j] = j, OptionCount{ID: o.ID}
			}
			return m, cs
		}
		switch q.Kind {
		case Single, Multiple:
			t.opt[i], r.Options = index(q.Options)
		case Scale:
			r.Distribution = make([]int, q.Scale)
		case Matrix:
			t.rowIdx[i] = make(map[string]int, len(q.Rows))
			for j, row := range q.Rows {
				t.rowIdx[i][row.ID] = j
				var cs []OptionCount
				t.colIdx[i], cs = index(q.Options)
				r.Rows = append(r.Rows, MatrixRow{ID: row.ID, Options: cs})
			}
		}
		t.res[i] = r
	}
	return t
}

// Add counts one ballot. Answers that do not fit the questions (a ballot stored under an older
// definition) are skipped, never counted wrongly.
func (t *Tally) Add(b Ballot) {
	t.ballots++
	for id, a := range b.Answers {
		i, ok := t.byID[id]
		if !ok {
			continue
		}
		q, r := t.s.Questions[i], &t.res[i]
		counted := false
		switch q.Kind {
		case Single:
			if j, ok := t.opt[i][a.Choice]; ok {
				r.Options[j].Count++
				counted = true
			}
		case Multiple:
			for _, c := range a.Choices {
				if j, ok := t.opt[i][c]; ok {
					r.Options[j].Count++
					counted = true
				}
			}
		case Scale:
			if a.Value >= 1 && a.Value <= q.Scale {
				r.Distribution[a.Value-1]++
				t.sums[i] += a.Value
				counted = true
			}
		case Text:
			counted = a.Text != ""
		case Matrix:
			for row, col := range a.Rows {
				ri, ok1 := t.rowIdx[i][row]
				ci, ok2 := t.colIdx[i][col]
				if ok1 && ok2 {
					r.Rows[ri].Options[ci].Count++
					counted = true
				}
			}
		}
		if counted {
			r.Answered++
		}
	}
}

// Results returns the tally with the number of voters and the audience size (0: unknown),
// and whether the quorum is met.
func (t *Tally) Results(voters, audience int, at time.Time) Results {
	out := Results{SurveyID: t.s.ID, Ballots: t.ballots, Voters: voters, Audience: audience, ComputedAt: at,
		Questions: make([]QuestionResult, len(t.res))}
	for i, r := range t.res {
		if r.Kind == Scale && r.Answered > 0 {
			r.Average = float64(t.sums[i]) / float64(r.Answered)
		}
		out.Questions[i] = r
	}
	if audience > 0 {
		out.TurnoutPct = float64(voters) * 100 / float64(audience)
	}
	out.QuorumMet = t.s.Quorum.Met(t.ballots, voters, audience)
	return out
}

// Met reports whether the quorum is met by the ballots counted, the people who voted and
// the audience size (0: unknown). A turnout quorum over an audience of unknown size is not
// met: it cannot be shown to be.
func (q Quorum) Met(ballots, voters, audience int) bool {
	if ballots < q.MinBallots {
		return false
	}
	if q.MinTurnoutPct > 0 {
		return audience > 0 && voters*100 >= q.MinTurnoutPct*audience
	}
	return true
}
