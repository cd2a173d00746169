package admissions

import (
	"errors"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReferenceDate(t *testing.T) {
	for _, tc := range []struct{ opens, want string }{
		{"2027-04-01", "2027-09-01"},
		{"2027-08-31", "2027-09-01"},
		{"2027-09-01", "2028-09-01"},
		{"2027-12-01", "2028-09-01"},
	} {
		c := &sitecore.Campaign{OpensAt: day(tc.opens).Add(6 * time.Hour)}
		if got := ReferenceDate(c); !got.Equal(day(tc.want)) {
			t.Errorf("opens %s: reference %s, want %s", tc.opens, got.Format(time.DateOnly), tc.want)
		}
	}
}

func TestCheckAge(t *testing.T) {
	c := &sitecore.Campaign{OpensAt: day("2027-04-01"), Grades: []sitecore.GradeSeats{
		{Grade: 1, Seats: 50}, {Grade: 5, Seats: 10}, {Grade: 10, Seats: 10, MinAge: 15, MaxAge: 16}}}
	for _, tc := range []struct {
		grade int
		born  string
		ok    bool
	}{
		{1, "2021-09-01", true},  // six on the reference day itself
		{1, "2021-09-02", false}, // six one day too late
		{1, "2018-09-02", true},  // still eight on the reference day
		{1, "2018-09-01", false}, // nine on the reference day
		{1, "2020-02-29", true},  // leap day: seven
		{1, "2016-02-29", false}, // leap day: eleven
		{1, "1999-01-06", false}, // the 27-year-old of issue #20
		{5, "1999-01-06", true},  // no rule for grade 5 by default
		{10, "2011-09-01", true}, // sixteen
		{10, "2010-09-01", false},
		{10, "2012-09-02", false},
	} {
		err := checkAge(c, tc.grade, day(tc.born))
		if (err == nil) != tc.ok {
			t.Errorf("grade %d born %s: err %v, want ok=%v", tc.grade, tc.born, err, tc.ok)
		}
		if err != nil {
			var e *sitecore.Error
			if !asError(err, &e) || e.Field != "birth_date" || e.Code != sitecore.EInvalid {
				t.Errorf("grade %d born %s: %#v, want EInvalid on birth_date", tc.grade, tc.born, err)
			}
		}
	}
}

func TestAgeOnLeapDay(t *testing.T) {
	born := day("2020-02-29")
	if got := AgeOn(born, day("2027-02-28")); got != 6 {
		t.Errorf("on 28 Feb 2027: %d, want 6", got)
	}
	if got := AgeOn(born, day("2027-03-01")); got != 7 {
		t.Errorf("on 1 Mar 2027: %d, want 7", got)
	}
	if got := AgeOn(born, day("2028-02-29")); got != 8 {
		t.Errorf("on 29 Feb 2028: %d, want 8", got)
	}
}

func TestCheckAgeRule(t *testing.T) {
	for _, g := range []sitecore.GradeSeats{{Grade: 1, MinAge: 8, MaxAge: 6}, {Grade: 1, MinAge: 1, MaxAge: 6}, {Grade: 1, MinAge: 6, MaxAge: 30}} {
		if err := checkAgeRule("grades[0]", g); err == nil {
			t.Errorf("%+v accepted", g)
		}
	}
	if err := checkAgeRule("grades[0]", sitecore.GradeSeats{Grade: 1, MinAge: 6, MaxAge: 7}); err != nil {
		t.Error(err)
	}
}

func asError(err error, e **sitecore.Error) bool { return errors.As(err, e) }
