package quiz

import "slices"

// Choice is an option as a student sees it: an opaque ID and its text.
type Choice struct {
	ID   string `json:"id"`
	Text Text   `json:"text"`
}

// View is a question as the student's browser gets it during an attempt. It is built field
// by field from the question and has no field that can hold a key, a credit, accepted
// answers, tolerances or feedback; the order of its choices says nothing about the key.
type View struct {
	QuestionID int64    `json:"question_id"`
	Kind       Kind     `json:"kind"`
	Text       Text     `json:"text"`
	MediaID    string   `json:"media_id,omitempty"`
	Points     float64  `json:"points"`
	Options    []Choice `json:"options,omitempty"`  // single, multiple, ordering
	Premises   []Choice `json:"premises,omitempty"` // matching: the left sides
	Choices    []Choice `json:"choices,omitempty"`  // matching: the distinct right sides
}

// StudentView projects q for a student in the attempt with the seed. Options of single and
// multiple choice are shuffled when shuffleOptions; ordering items and matching choices are
// always shuffled (their stored order is the key), and a shuffle that happens to give the
// stored order is turned by one place, so the first screen never shows the answer.
func StudentView(q *Question, slot Slot, seed uint64, shuffleOptions bool) View {
	v := View{QuestionID: q.ID, Kind: q.Kind, Text: q.Text.clone(), MediaID: q.MediaID, Points: slot.Points}
	r := newRNG(seed, q.ID)
	switch q.Kind {
	case SingleChoice, MultipleChoice, Ordering:
		for _, o := range q.Body.Options {
			v.Options = append(v.Options, Choice{ID: o.ID, Text: o.Text.clone()})
		}
		if shuffleOptions || q.Kind == Ordering {
			shuffleAway(r, v.Options, idsOf(v.Options))
		}
	case Matching:
		seen := map[string]bool{}
		var key []string // the rights in premise order: what the choices must not repeat
		for _, p := range q.Body.Pairs {
			if !p.Left.Empty() {
				v.Premises = append(v.Premises, Choice{ID: p.ID, Text: p.Left.clone()})
				key = append(key, p.RightID)
			}
			if !seen[p.RightID] {
				seen[p.RightID] = true
				v.Choices = append(v.Choices, Choice{ID: p.RightID, Text: p.Right.clone()})
			}
		}
		if shuffleOptions {
			r.shuffle(len(v.Premises), func(a, b int) { v.Premises[a], v.Premises[b] = v.Premises[b], v.Premises[a] })
			key = key[:0]
			for _, p := range v.Premises {
				for _, pr := range q.Body.Pairs {
					if pr.ID == p.ID {
						key = append(key, pr.RightID)
					}
				}
			}
		}
		shuffleAway(r, v.Choices, key)
	}
	return v
}

// shuffleAway shuffles cs; when the result begins with the sequence key (the answer), it
// rotates cs by one, which moves every element when they are distinct.
func shuffleAway(r *rng, cs []Choice, key []string) {
	if len(cs) < 2 {
		return
	}
	r.shuffle(len(cs), func(a, b int) { cs[a], cs[b] = cs[b], cs[a] })
	ids := idsOf(cs)
	if len(key) > len(ids) || !slices.Equal(ids[:len(key)], key) {
		return
	}
	first := cs[0]
	copy(cs, cs[1:])
	cs[len(cs)-1] = first
}

func idsOf(cs []Choice) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}
