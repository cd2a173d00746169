package olympiad

import (
	"slices"
	"testing"
)

// e is an entry of the "math", grade 9 contest.
func e(id int64, score float64, school, district, region int64) Entry {
	return Entry{RegistrationID: id, Subject: "math", Grade: 9, SchoolID: school, DistrictID: district, RegionID: region, Score: score}
}

func places(ss []Standing, f func(Standing) int) map[int64]int {
	m := map[int64]int{}
	for _, s := range ss {
		m[s.RegistrationID] = f(s)
	}
	return m
}

func TestRankTies(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		want    map[int64]int // registration → place
	}{
		{"empty", nil, map[int64]int{}},
		{"one", []Entry{e(1, 5, 1, 1, 1)}, map[int64]int{1: 1}},
		{"1,1,3", []Entry{e(3, 80, 1, 1, 1), e(1, 90, 1, 1, 1), e(2, 90, 1, 1, 1)}, map[int64]int{1: 1, 2: 1, 3: 3}},
		{"1,2,2,4", []Entry{e(1, 90, 1, 1, 1), e(2, 80, 1, 1, 1), e(3, 80, 1, 1, 1), e(4, 70, 1, 1, 1)},
			map[int64]int{1: 1, 2: 2, 3: 2, 4: 4}},
		{"all tied", []Entry{e(1, 7, 1, 1, 1), e(2, 7, 1, 1, 1), e(3, 7, 1, 1, 1)}, map[int64]int{1: 1, 2: 1, 3: 1}},
		{"equal to the hundredth", []Entry{e(1, 0.1+0.2, 1, 1, 1), e(2, 0.3, 1, 1, 1), e(3, 0.29, 1, 1, 1)},
			map[int64]int{1: 1, 2: 1, 3: 3}},
		{"absent not ranked", []Entry{e(1, 0, 1, 1, 1), {RegistrationID: 2, Subject: "math", Grade: 9, Absent: true}, e(3, 5, 1, 1, 1)},
			map[int64]int{3: 1, 1: 2, 2: 0}},
		{"zero is a score", []Entry{e(1, 0, 1, 1, 1), e(2, 0, 1, 1, 1)}, map[int64]int{1: 1, 2: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := places(Rank(tt.entries), func(s Standing) int { return s.Place })
			if len(got) != len(tt.want) {
				t.Fatalf("places = %v, want %v", got, tt.want)
			}
			for id, p := range tt.want {
				if got[id] != p {
					t.Errorf("registration %d: place %d, want %d (all %v)", id, got[id], p, got)
				}
			}
		})
	}
}

func TestRankContestsAndGroups(t *testing.T) {
	entries := []Entry{
		e(1, 50, 10, 100, 1000), e(2, 40, 10, 100, 1000), e(3, 40, 11, 100, 1000), e(4, 30, 12, 101, 1000),
		e(5, 45, 12, 101, 1000), e(6, 45, 13, 102, 2000),
		{RegistrationID: 7, Subject: "math", Grade: 10, SchoolID: 10, Score: 1}, // another grade: its own contest
		{RegistrationID: 8, Subject: "biology", Grade: 9, SchoolID: 10, Score: 99},
	}
	got := Rank(entries)
	check := func(what string, f func(Standing) int, want map[int64]int) {
		t.Helper()
		p := places(got, f)
		for id, w := range want {
			if p[id] != w {
				t.Errorf("%s of %d = %d, want %d (all %v)", what, id, p[id], w, p)
			}
		}
	}
	check("place", func(s Standing) int { return s.Place }, map[int64]int{1: 1, 5: 2, 6: 2, 2: 4, 3: 4, 4: 6, 7: 1, 8: 1})
	check("school place", func(s Standing) int { return s.SchoolPlace }, map[int64]int{1: 1, 2: 2, 3: 1, 5: 1, 4: 2, 6: 1, 7: 1, 8: 1})
	check("district place", func(s Standing) int { return s.DistrictPlace }, map[int64]int{1: 1, 2: 2, 3: 2, 5: 1, 4: 2, 6: 1})
	check("region place", func(s Standing) int { return s.RegionPlace }, map[int64]int{1: 1, 5: 2, 2: 3, 3: 3, 4: 5, 6: 1})
	// Output order: contest (subject, grade), then place, then ID, whatever the input order.
	var order []int64
	for _, s := range got {
		order = append(order, s.RegistrationID)
	}
	if want := []int64{8, 1, 5, 6, 2, 3, 4, 7}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	slices.Reverse(entries)
	again := Rank(entries)
	if !slices.Equal(again, got) {
		t.Error("ranking depends on the input order")
	}
}
