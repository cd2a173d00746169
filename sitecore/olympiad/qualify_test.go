package olympiad

import (
	"slices"
	"testing"
)

func qualified(entries []Entry, r Rule) []int64 {
	var ids []int64
	for _, s := range Qualify(Rank(entries), r) {
		ids = append(ids, s.RegistrationID)
	}
	slices.Sort(ids)
	return ids
}

func TestQualify(t *testing.T) {
	// Ten participants: scores 100, 90, 90, 80, 70, 70, 70, 60, 50, absent. Schools: 1–4 in
	// school 1 (district 1), 5–7 in school 2 (district 1), 8–10 in school 3 (district 2).
	var ten []Entry
	scores := []float64{100, 90, 90, 80, 70, 70, 70, 60, 50, 0}
	for i, s := range scores {
		id := int64(i + 1)
		school, district := int64(1), int64(1)
		switch {
		case id >= 8:
			school, district = 3, 2
		case id >= 5:
			school = 2
		}
		en := e(id, s, school, district, 1)
		en.Absent = id == 10
		ten = append(ten, en)
	}
	tests := []struct {
		name string
		rule Rule
		want []int64
	}{
		{"nothing set qualifies nobody", Rule{}, nil},
		{"top 1", Rule{TopN: 1}, []int64{1}},
		{"top 2 takes the tie at the cut", Rule{TopN: 2}, []int64{1, 2, 3}},
		{"top 3 ends on the tie too", Rule{TopN: 3}, []int64{1, 2, 3}},
		{"top 5: three tied at 5th all qualify", Rule{TopN: 5}, []int64{1, 2, 3, 4, 5, 6, 7}},
		{"top 100 never takes the absent", Rule{TopN: 100}, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"top 30 % of 9 ranked is 3 places", Rule{TopPercent: 30}, []int64{1, 2, 3}},
		{"top 10 % of 9 rounds up to 1", Rule{TopPercent: 10}, []int64{1}},
		{"top 50 % is 5 places with the tie", Rule{TopPercent: 50}, []int64{1, 2, 3, 4, 5, 6, 7}},
		{"score at least 80", Rule{MinScore: 80}, []int64{1, 2, 3, 4}},
		{"score at least 79.995 rounds to 80", Rule{MinScore: 79.995}, []int64{1, 2, 3, 4}},
		{"per school 1", Rule{PerSchool: 1}, []int64{1, 5, 6, 7, 8}},
		{"per school 2: tie in school 1 at 2nd", Rule{PerSchool: 2}, []int64{1, 2, 3, 5, 6, 7, 8, 9}},
		{"per district 2", Rule{PerDistrict: 2}, []int64{1, 2, 3, 8, 9}},
		{"top 6 and per school 1", Rule{TopN: 6, PerSchool: 1}, []int64{1, 5, 6, 7}},
		{"top 50 % and score at least 75", Rule{TopPercent: 50, MinScore: 75}, []int64{1, 2, 3, 4}},
		{"per district 1 and score at least 60", Rule{PerDistrict: 1, MinScore: 60}, []int64{1, 8}},
		{"per region 3", Rule{PerRegion: 3}, []int64{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := qualified(ten, tt.rule); !slices.Equal(got, tt.want) {
				t.Errorf("%s: qualified %v, want %v", tt.rule, got, tt.want)
			}
		})
	}
}

func TestQualifyPerContest(t *testing.T) {
	// Top 1 of each contest: math 9 and math 10 each send their winner.
	entries := []Entry{e(1, 10, 1, 1, 1), e(2, 20, 1, 1, 1),
		{RegistrationID: 3, Subject: "math", Grade: 10, Score: 5}, {RegistrationID: 4, Subject: "math", Grade: 10, Score: 4}}
	if got := qualified(entries, Rule{TopN: 1}); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("qualified %v, want [2 3]", got)
	}
	// 50 % of 2 ranked in each contest is 1 place.
	if got := qualified(entries, Rule{TopPercent: 50}); !slices.Equal(got, []int64{2, 3}) {
		t.Errorf("top 50 %%: qualified %v, want [2 3]", got)
	}
}

func TestPercentCut(t *testing.T) {
	tests := []struct {
		p      float64
		ranked int
		want   int
	}{
		{30, 10, 3}, {33.3, 10, 4}, {10, 9, 1}, {1, 1, 1}, {100, 7, 7}, {12.5, 8, 1}, {12.5, 9, 2}, {50, 0, 0}, {0, 10, 0},
		{0.01, 20000, 2}, {15, 20000, 3000},
	}
	for _, tt := range tests {
		if got := PercentCut(tt.p, tt.ranked); got != tt.want {
			t.Errorf("PercentCut(%v, %d) = %d, want %d", tt.p, tt.ranked, got, tt.want)
		}
	}
}

func TestRuleValidate(t *testing.T) {
	for _, r := range []Rule{{TopN: -1}, {TopPercent: 101}, {TopPercent: -1}, {MinScore: -2}, {PerSchool: -3}} {
		if err := r.Validate("qualify"); err == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	if err := (Rule{TopN: 5, TopPercent: 20, MinScore: 10, PerSchool: 2, PerDistrict: 3, PerRegion: 4}).Validate("q"); err != nil {
		t.Error(err)
	}
}
