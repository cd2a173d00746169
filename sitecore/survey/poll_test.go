package survey_test

import (
	"testing"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// TestPollSettings: a poll's settings are checked and what a poll cannot have is fixed.
func TestPollSettings(t *testing.T) {
	poll := func(p *survey.Poll, change func(*survey.Definition)) survey.Definition {
		d := definition()
		d.Kind, d.Poll, d.Mode = survey.KindPoll, p, survey.Anonymous
		d.Reminders, d.Quorum = []survey.Reminder{{HoursBeforeClose: 2}}, survey.Quorum{MinBallots: 5}
		if change != nil {
			change(&d)
		}
		return d
	}
	s, err := poll(nil, nil).Validate(langs, now)
	if err != nil {
		t.Fatal(err)
	}
	if !s.IsPoll() || s.Poll.Results != survey.ResultsAfterVote || s.Mode != survey.Named || s.Revote ||
		s.Reminders != nil || s.Quorum != (survey.Quorum{}) || !s.ResultsBeforeClose || !s.PublishResults {
		t.Fatalf("poll defaults: %+v %+v", s, s.Poll)
	}
	if s, err := poll(&survey.Poll{Results: survey.ResultsAdmins}, nil).Validate(langs, now); err != nil || s.PublishResults || s.ResultsBeforeClose {
		t.Fatalf("admins-only results are published: %+v %v", s, err)
	}
	for _, c := range []struct {
		name  string
		d     survey.Definition
		field string
	}{
		{"unknown results", poll(&survey.Poll{Results: "sometimes"}, nil), "poll.results"},
		{"guests with parents", poll(&survey.Poll{Guests: true}, func(d *survey.Definition) { d.Audience.Kind = survey.AudienceParents }), "poll.guests"},
		{"signature", poll(nil, func(d *survey.Definition) { d.SignatureRequired = true }), "signature_required"},
		{"owner kind", poll(&survey.Poll{OwnerKind: "forum", OwnerRef: "1"}, nil), "poll.owner_kind"},
		{"page without key", poll(&survey.Poll{OwnerKind: survey.OwnerPage}, nil), "poll.owner_ref"},
	} {
		_, err := c.d.Validate(langs, now)
		if e := sitecore.AsError(err); err == nil || e.Code != sitecore.EInvalid || e.Field != c.field {
			t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
		}
	}
	// Other kinds ignore poll settings.
	d := definition()
	d.Poll = &survey.Poll{Guests: true}
	if s, err := d.Validate(langs, now); err != nil || s.Poll != nil {
		t.Fatalf("a vote kept poll settings: %v %v", s.Poll, err)
	}
}
