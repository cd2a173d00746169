package admissions

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Default age range for grade 1, in full years on the reference date. Kazakhstan admits
// children to grade 1 from the age of six; the upper bound of 8 leaves room for a deferred
// start and makes an older child an exception the school records with a reason.
const (
	DefaultGrade1MinAge = 6
	DefaultGrade1MaxAge = 8
)

// AgeRule returns the inclusive age range of a grade (ok false: the grade has no age rule).
func AgeRule(g sitecore.GradeSeats) (min, max int, ok bool) {
	switch {
	case g.MinAge != 0 || g.MaxAge != 0:
		return g.MinAge, g.MaxAge, true
	case g.Grade == 1:
		return DefaultGrade1MinAge, DefaultGrade1MaxAge, true
	}
	return 0, 0, false
}

// ReferenceDate is the day ages are counted on: 1 September of the school year the campaign
// admits to, that is of the year it opens in, or of the next year if it opens on or after
// 1 September (in Asia/Almaty).
func ReferenceDate(c *sitecore.Campaign) time.Time {
	opens := c.OpensAt.In(almaty)
	ref := time.Date(opens.Year(), time.September, 1, 0, 0, 0, 0, time.UTC)
	if !time.Date(opens.Year(), opens.Month(), opens.Day(), 0, 0, 0, 0, time.UTC).Before(ref) {
		ref = ref.AddDate(1, 0, 0)
	}
	return ref
}

var almaty = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Almaty"); err == nil {
		return l
	}
	return time.FixedZone("Asia/Almaty", 5*3600)
}()

// AgeOn returns the full years of a person born on born, on the day on. Someone born on
// 29 February turns a year older on 1 March in other years.
func AgeOn(born, on time.Time) int {
	age := on.Year() - born.Year()
	if on.Month() < born.Month() || on.Month() == born.Month() && on.Day() < born.Day() {
		age--
	}
	return age
}

// checkAge refuses a child whose age on the reference date is outside the grade's range,
// naming the birth_date field, the range and the date.
func checkAge(c *sitecore.Campaign, grade int, born time.Time) error {
	for _, g := range c.Grades {
		if g.Grade != grade {
			continue
		}
		min, max, ok := AgeRule(g)
		if !ok {
			return nil
		}
		ref := ReferenceDate(c)
		if age := AgeOn(born, ref); age < min || age > max {
			return sitecore.Invalid("birth_date", "admission.age_range", "grade", strconv.Itoa(grade),
				"min", strconv.Itoa(min), "max", strconv.Itoa(max), "date", ref.Format("02.01.2006"),
				"value", strconv.Itoa(age))
		}
	}
	return nil
}

// checkAgeRule validates a grade's age range when a campaign is created.
func checkAgeRule(f string, g sitecore.GradeSeats) error {
	if g.MinAge == 0 && g.MaxAge == 0 {
		return nil
	}
	if g.MinAge < 3 || g.MaxAge > 25 || g.MinAge > g.MaxAge {
		return sitecore.Invalid(f+".min_age", "admission.age_rule")
	}
	return nil
}

// NewAgeException is the school's request to admit a child outside the grade's age range.
type NewAgeException struct {
	ChildIIN string `json:"child_iin"`
	Grade    int    `json:"grade"`
	Reason   string `json:"reason"`
}

// GrantAgeException records that the child may apply to the campaign's grade whatever its
// age, with the reason, in the audit log (admissions:edit).
func (s *Service) GrantAgeException(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, campaignID int64, in NewAgeException) (*sitecore.AgeException, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section); err != nil {
		return nil, err
	}
	c, err := s.Store.FindCampaign(ctx, siteID, campaignID)
	if err != nil {
		return nil, err
	}
	iin, err := sitecore.ParseIIN("child_iin", in.ChildIIN)
	if err != nil {
		return nil, err
	}
	if c.Seats(in.Grade) == 0 {
		return nil, sitecore.Invalid("grade", "admission.grade_not_offered", "value", strconv.Itoa(in.Grade))
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		return nil, sitecore.Invalid("reason", "field.required")
	}
	if utf8.RuneCountInString(reason) > maxText {
		return nil, sitecore.Invalid("reason", "field.too_long", "max", strconv.Itoa(maxText))
	}
	e := &sitecore.AgeException{SiteID: siteID, CampaignID: campaignID, ChildIIN: iin, Grade: in.Grade, Reason: reason, GrantedBy: p.UserID}
	if err := s.AgeExceptions.GrantAgeException(ctx, e, &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name,
		Action: "admission.age_exception", Target: iin.Masked() + " grade " + strconv.Itoa(in.Grade) + ": " + reason,
		IP: ipOf(a), UserAgent: a.UserAgent}); err != nil {
		return nil, err
	}
	return e, nil
}

// ageAllowed checks the child's age, or the school's exception for it.
func (s *Service) ageAllowed(ctx context.Context, c *sitecore.Campaign, grade int, iin sitecore.IIN, born time.Time) error {
	err := checkAge(c, grade, born)
	if err == nil || s.AgeExceptions == nil {
		return err
	}
	ok, xerr := s.AgeExceptions.HasAgeException(ctx, c.SiteID, c.ID, iin, grade)
	if xerr != nil {
		return xerr
	}
	if ok {
		return nil
	}
	return err
}
