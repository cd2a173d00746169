package quiz

import (
	"slices"

	"github.com/mektep/mektep/sitecore"
)

// Slot is one question of an attempt, in the order the student sees them. The slots are
// drawn once, when the attempt is made, and stored with it, so a bank edited during the
// attempt does not change its questions.
type Slot struct {
	QuestionID int64   `json:"question_id"`
	Points     float64 `json:"points"`
}

// rng is splitmix64: tiny, and fixed forever, so a stored seed gives the same draw in any
// Go version (math/rand's algorithms for Shuffle and IntN may change).
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// shuffle permutes n elements with Fisher–Yates. The modulo's bias is below 2⁻⁵⁰ for the
// sizes here.
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, int(r.next()%uint64(i+1)))
	}
}

// newRNG derives an independent stream for one use (a test's draw, a question's options).
func newRNG(seed uint64, stream int64) *rng {
	r := &rng{s: seed ^ (uint64(stream) * 0xd1342543de82ef95)}
	r.next()
	return r
}

// Pick draws the questions of an attempt of t from bank, deterministically from seed.
// bank must hold every fixed question of t and the questions of the categories its random
// items draw from (other questions are ignored); its order does not matter.
//
// Fixed questions come in their place; a random item draws Count questions of its bank and
// category that are not already in the attempt. With ShuffleQuestions the slots are then
// shuffled. A fixed question missing from bank is ENotFound; a category with too few
// questions is EConflict naming the item.
func Pick(t *Test, bank []Question, seed uint64) ([]Slot, error) {
	byID := make(map[int64]*Question, len(bank))
	sorted := make([]*Question, 0, len(bank))
	for i := range bank {
		q := &bank[i]
		byID[q.ID] = q
		sorted = append(sorted, q)
	}
	slices.SortFunc(sorted, func(a, b *Question) int { return cmpInt64(a.ID, b.ID) })
	used := map[int64]bool{}
	for _, it := range t.Items {
		if !it.Random() {
			used[it.QuestionID] = true
		}
	}
	points := func(it Item, q *Question) float64 {
		if it.Points > 0 {
			return it.Points
		}
		return q.Points
	}
	r := newRNG(seed, 0)
	var slots []Slot
	for i, it := range t.Items {
		if !it.Random() {
			q, ok := byID[it.QuestionID]
			if !ok {
				return nil, sitecore.NotFound("question")
			}
			slots = append(slots, Slot{QuestionID: q.ID, Points: points(it, q)})
			continue
		}
		var pool []*Question
		for _, q := range sorted {
			if q.BankID == it.BankID && q.Category == it.Category && !used[q.ID] {
				pool = append(pool, q)
			}
		}
		if len(pool) < it.Count {
			f := "items[" + itoa(i) + "]"
			return nil, sitecore.Conflictf(f, "quiz.pool_small", "field", f, "count", itoa(it.Count), "have", itoa(len(pool)))
		}
		r.shuffle(len(pool), func(a, b int) { pool[a], pool[b] = pool[b], pool[a] })
		for _, q := range pool[:it.Count] {
			used[q.ID] = true
			slots = append(slots, Slot{QuestionID: q.ID, Points: points(it, q)})
		}
	}
	if t.ShuffleQuestions {
		r.shuffle(len(slots), func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })
	}
	return slots, nil
}

// MaxScore is the sum of the slots' points.
func MaxScore(slots []Slot) float64 {
	s := 0.0
	for _, sl := range slots {
		s += sl.Points
	}
	return s
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
