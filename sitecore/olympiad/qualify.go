package olympiad

import (
	"math"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// Rule qualifies participants of a round for the next one. Each criterion that is set (not
// zero) must admit a participant; criteria combine with AND:
//
//   - TopN: the participant's place in the contest is at most N;
//   - TopPercent: the place is at most ⌈P% of the contest's ranked participants⌉;
//   - MinScore: the score is at least X;
//   - PerSchool, PerDistrict, PerRegion (quotas): the place within the participant's
//     school, district or region in the contest is at most Q.
//
// Ties at a cut: places are shared by equal scores (see Rank), so everyone tied at the last
// qualifying place qualifies, even if that takes more than N (or P %, or Q) participants.
// A cut never splits a tie. "Top 50, at most 3 per school" is TopN 50 with PerSchool 3.
// Absent participants never qualify. A rule with nothing set qualifies nobody; Validate
// refuses it for every round but the last.
type Rule struct {
	TopN        int     `json:"top_n,omitempty"`
	TopPercent  float64 `json:"top_percent,omitempty"`
	MinScore    float64 `json:"min_score,omitempty"`
	PerSchool   int     `json:"per_school,omitempty"`
	PerDistrict int     `json:"per_district,omitempty"`
	PerRegion   int     `json:"per_region,omitempty"`
}

// Empty reports whether no criterion is set.
func (r Rule) Empty() bool { return r == Rule{} }

// Validate checks the rule; field names it in errors.
func (r Rule) Validate(field string) error {
	for name, n := range map[string]int{"top_n": r.TopN, "per_school": r.PerSchool, "per_district": r.PerDistrict,
		"per_region": r.PerRegion} {
		if n < 0 || n > 1_000_000 {
			return sitecore.Invalid(field+"."+name, "olympiad.rule", "field", field+"."+name)
		}
	}
	if math.IsNaN(r.TopPercent) || r.TopPercent < 0 || r.TopPercent > 100 {
		return sitecore.Invalid(field+".top_percent", "olympiad.rule", "field", field+".top_percent")
	}
	if math.IsNaN(r.MinScore) || math.IsInf(r.MinScore, 0) || r.MinScore < 0 {
		return sitecore.Invalid(field+".min_score", "olympiad.rule", "field", field+".min_score")
	}
	return nil
}

// Admits reports whether the rule admits a standing whose contest has ranked participants
// (not absent); the reason names the first criterion that refused ("" when admitted).
func (r Rule) Admits(s Standing, ranked int) (bool, string) {
	switch {
	case s.Absent || s.Place == 0:
		return false, "absent"
	case r.Empty():
		return false, "no_rule"
	case r.TopN > 0 && s.Place > r.TopN:
		return false, "top_n"
	case r.TopPercent > 0 && s.Place > PercentCut(r.TopPercent, ranked):
		return false, "top_percent"
	case r.MinScore > 0 && cents(s.Score) < cents(r.MinScore):
		return false, "min_score"
	case r.PerSchool > 0 && s.SchoolPlace > r.PerSchool:
		return false, "per_school"
	case r.PerDistrict > 0 && s.DistrictPlace > r.PerDistrict:
		return false, "per_district"
	case r.PerRegion > 0 && s.RegionPlace > r.PerRegion:
		return false, "per_region"
	}
	return true, ""
}

// PercentCut is the last place admitted by "top p percent" of ranked participants:
// ⌈p·ranked/100⌉, at least 1 when anyone is ranked (so 10 % of 5 admits the winner).
// It is computed in integer hundredths of a percent, so 30 % of 10 is exactly 3.
func PercentCut(p float64, ranked int) int {
	if ranked == 0 || p <= 0 {
		return 0
	}
	bp := int64(math.Round(p * 100)) // basis points of a percent: 12.5 % → 1250
	n := (bp*int64(ranked) + 9999) / 10000
	return max(1, int(n))
}

// Qualify returns the standings the rule admits, in the order given (Rank's order).
func Qualify(standings []Standing, r Rule) []Standing {
	ranked := map[contest]int{}
	for _, s := range standings {
		if !s.Absent {
			ranked[contest{s.Subject, s.Grade}]++
		}
	}
	var out []Standing
	for _, s := range standings {
		if ok, _ := r.Admits(s, ranked[contest{s.Subject, s.Grade}]); ok {
			out = append(out, s)
		}
	}
	return out
}

// String describes the rule for logs.
func (r Rule) String() string {
	s := ""
	add := func(k, v string) {
		if s != "" {
			s += " AND "
		}
		s += k + " " + v
	}
	if r.TopN > 0 {
		add("top", strconv.Itoa(r.TopN))
	}
	if r.TopPercent > 0 {
		add("top%", strconv.FormatFloat(r.TopPercent, 'g', -1, 64))
	}
	if r.MinScore > 0 {
		add("score>=", strconv.FormatFloat(r.MinScore, 'g', -1, 64))
	}
	if r.PerSchool > 0 {
		add("per school", strconv.Itoa(r.PerSchool))
	}
	if r.PerDistrict > 0 {
		add("per district", strconv.Itoa(r.PerDistrict))
	}
	if r.PerRegion > 0 {
		add("per region", strconv.Itoa(r.PerRegion))
	}
	if s == "" {
		return "nobody"
	}
	return s
}
