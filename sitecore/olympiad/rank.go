package olympiad

import (
	"cmp"
	"math"
	"slices"
)

// Entry is one participant's result in a round, as ranking and qualification need it.
// Participants are ranked within their contest (subject and grade); SchoolID, DistrictID and
// RegionID place them in the organisation tree for the rankings by school, district and
// region (0: unknown, ranked among the other unknowns). An absent participant (no result: no
// attempt, an attempt closed unscored, no paper scores) is not ranked.
type Entry struct {
	RegistrationID int64   `json:"registration_id"`
	Subject        string  `json:"subject"`
	Grade          int     `json:"grade"`
	SchoolID       int64   `json:"school_id"`
	DistrictID     int64   `json:"district_id"`
	RegionID       int64   `json:"region_id"`
	Score          float64 `json:"score"`
	Absent         bool    `json:"absent"`
}

// Standing is an entry with its places: in its contest, and within its school, district
// and region in that contest. Places are 0 for an absent participant.
type Standing struct {
	Entry
	Place         int `json:"place"`
	SchoolPlace   int `json:"school_place"`
	DistrictPlace int `json:"district_place"`
	RegionPlace   int `json:"region_place"`
}

// contest identifies who is ranked together.
type contest struct {
	subject string
	grade   int
}

// Rank ranks the entries within each contest by score, highest first, with ties: equal
// scores (to the hundredth) share a place and the places after them are skipped ("1224"
// ranking: scores 90, 90, 80 get places 1, 1, 3). It does the same within each school,
// district and region. The standings come back in contest order (subject, then grade),
// then by place, then by registration ID, so the output does not depend on the input's
// order.
func Rank(entries []Entry) []Standing {
	out := make([]Standing, len(entries))
	for i, e := range entries {
		out[i] = Standing{Entry: e}
	}
	slices.SortFunc(out, func(a, b Standing) int {
		return cmp.Or(cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Grade, b.Grade),
			cmpBool(a.Absent, b.Absent), cmp.Compare(cents(b.Score), cents(a.Score)),
			cmp.Compare(a.RegistrationID, b.RegistrationID))
	})
	for start := 0; start < len(out); {
		end := start + 1
		for end < len(out) && out[end].Subject == out[start].Subject && out[end].Grade == out[start].Grade {
			end++
		}
		group := out[start:end]
		placeWithin(group, func(*Standing) int64 { return 0 }, func(s *Standing, p int) { s.Place = p })
		placeWithin(group, func(s *Standing) int64 { return s.SchoolID }, func(s *Standing, p int) { s.SchoolPlace = p })
		placeWithin(group, func(s *Standing) int64 { return s.DistrictID }, func(s *Standing, p int) { s.DistrictPlace = p })
		placeWithin(group, func(s *Standing) int64 { return s.RegionID }, func(s *Standing, p int) { s.RegionPlace = p })
		start = end
	}
	return out
}

// placeWithin gives places within each subgroup (by key) of a contest sorted by score:
// walking the sorted list once, each subgroup keeps its own count and its last score.
func placeWithin(sorted []Standing, key func(*Standing) int64, set func(*Standing, int)) {
	type run struct {
		seen, place int
		last        int64
	}
	runs := map[int64]*run{}
	for i := range sorted {
		s := &sorted[i]
		if s.Absent {
			set(s, 0)
			continue
		}
		k := key(s)
		r := runs[k]
		if r == nil {
			r = &run{last: math.MinInt64}
			runs[k] = r
		}
		r.seen++
		if c := cents(s.Score); c != r.last {
			r.place, r.last = r.seen, c
		}
		set(s, r.place)
	}
}

// cents is a score in hundredths, the precision scores are compared at.
func cents(f float64) int64 { return int64(math.Round(f * 100)) }

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
