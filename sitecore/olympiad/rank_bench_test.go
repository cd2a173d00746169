package olympiad

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// entries20k is a round of 20,000 participants in three grades of one subject, from 700
// schools in 30 districts of 3 regions, scores 0–100 in halves (many ties).
func entries20k() []Entry {
	r := rand.New(rand.NewPCG(1, 2))
	es := make([]Entry, 20000)
	for i := range es {
		school := int64(r.IntN(700))
		es[i] = Entry{RegistrationID: int64(i + 1), Subject: "math", Grade: 9 + i%3, SchoolID: school,
			DistrictID: school % 30, RegionID: school % 3, Score: float64(r.IntN(201)) / 2}
	}
	return es
}

// BenchmarkRank20000 ranks 20,000 results with school, district and region places and
// qualifies by a combined rule.
func BenchmarkRank20000(b *testing.B) {
	es := entries20k()
	for b.Loop() {
		Qualify(Rank(es), Rule{TopPercent: 15, PerSchool: 3})
	}
}

// BenchmarkSortOnly20000 is the floor: sorting the same entries by contest and score only.
func BenchmarkSortOnly20000(b *testing.B) {
	es := entries20k()
	for b.Loop() {
		s := slices.Clone(es)
		slices.SortFunc(s, func(x, y Entry) int {
			return cmp.Or(cmp.Compare(x.Grade, y.Grade), cmp.Compare(y.Score, x.Score), cmp.Compare(x.RegistrationID, y.RegistrationID))
		})
	}
}
