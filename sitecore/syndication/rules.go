package syndication

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Rule says that a school's news go to a destination: all of them, or only those carrying
// one of Tags. A school without a rule for a destination sends it nothing (opt-in), and
// removing the rule is the opt-out: pending deliveries to it are skipped from then on and
// the school leaves the destination's aggregated page at once.
type Rule struct {
	DestinationID int64     `json:"destination_id"`
	Tags          []string  `json:"tags"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Matches reports whether a news item with the tags falls under the rule.
func (r Rule) Matches(tags []string) bool {
	if len(r.Tags) == 0 {
		return true
	}
	for _, t := range tags {
		if slices.Contains(r.Tags, t) {
			return true
		}
	}
	return false
}

// RuleInput is a school's whole outbound setting as the admin submits it.
type RuleInput struct {
	Rules []Rule `json:"rules"`
}

// maxRuleTags bounds the tags of one rule, as news items carry at most ten.
const maxRuleTags = 20

// normalize validates the rules against the destinations open to the school and returns
// them with tags lowercased, trimmed and deduplicated.
func (in RuleInput) normalize(open []Destination) ([]Rule, error) {
	out := make([]Rule, 0, len(in.Rules))
	for i, r := range in.Rules {
		field := "rules[" + strconv.Itoa(i) + "]"
		if !slices.ContainsFunc(open, func(d Destination) bool { return d.ID == r.DestinationID }) {
			return nil, sitecore.Invalid(field+".destination_id", "syndication.destination_unknown")
		}
		if slices.ContainsFunc(out, func(o Rule) bool { return o.DestinationID == r.DestinationID }) {
			return nil, sitecore.Invalid(field+".destination_id", "syndication.destination_twice")
		}
		tags := []string{}
		for _, t := range r.Tags {
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "" || len(t) > 160 || strings.ContainsAny(t, "/?#<>\"") {
				return nil, sitecore.Invalid(field+".tags", "news.tag_invalid")
			}
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		if len(tags) > maxRuleTags {
			return nil, sitecore.Invalid(field+".tags", "field.too_long", "max", strconv.Itoa(maxRuleTags))
		}
		out = append(out, Rule{DestinationID: r.DestinationID, Tags: tags})
	}
	return out, nil
}

// RuleFor returns the school's rule for the destination.
func RuleFor(rules []Rule, destID int64) (Rule, bool) {
	for _, r := range rules {
		if r.DestinationID == destID {
			return r, true
		}
	}
	return Rule{}, false
}
