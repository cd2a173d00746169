// Package vacancy is a school's vacancies: a simple content type (position, subject, weekly
// hours, salary range, deadline, and per language the description, requirements and
// contacts) published on the school's site, on the platform-wide vacancies page filterable
// by region, district and subject, and syndicated to partners like news
// (docs/syndication.md#vacancies).
//
// It imports no infrastructure; the store is sitecore/postgres.
package vacancy

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Text is a vacancy in one language. Every field is plain text (shown escaped, line breaks
// kept), so nothing of it needs sanitizing.
type Text struct {
	Title        string `json:"title"` // the position
	Description  string `json:"description"`
	Requirements string `json:"requirements"`
	Contacts     string `json:"contacts"`
}

// Vacancy is one open position of a school.
type Vacancy struct {
	ID      int64                  `json:"id"`
	SiteID  int64                  `json:"site_id"`
	Text    map[sitecore.Lang]Text `json:"text"`
	Subject string                 `json:"subject,omitempty"`
	// Hours is the teaching load per week (0: not stated).
	Hours int `json:"hours,omitempty"`
	// SalaryMin and SalaryMax are tenge a month (0: not stated).
	SalaryMin int64 `json:"salary_min,omitempty"`
	SalaryMax int64 `json:"salary_max,omitempty"`
	// Deadline is the last day applications are taken (a date, UTC midnight).
	Deadline    time.Time `json:"deadline"`
	Published   bool      `json:"published"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Open reports whether the vacancy shows to visitors on day (applications still taken).
func (v *Vacancy) Open(day time.Time) bool {
	return v.Published && !v.Deadline.Before(Day(day))
}

// Day is the UTC date of t, at midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// KeyPrefix starts the syndication key of a vacancy: news keys cannot hold a colon, so a
// vacancy and a news item never share a key at a destination.
const KeyPrefix = "vacancy:"

// SyndicationKey is the vacancy's key in syndication (deliveries, remote state).
func SyndicationKey(id int64) string { return KeyPrefix + strconv.FormatInt(id, 10) }

// IDOfKey returns the vacancy ID of a syndication key, or false for a news key.
func IDOfKey(key string) (int64, bool) {
	s, ok := strings.CutPrefix(key, KeyPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// Input is a vacancy as an editor submits it (create or full update).
type Input struct {
	Text      map[string]Text `json:"text"`
	Subject   string          `json:"subject"`
	Hours     int             `json:"hours"`
	SalaryMin int64           `json:"salary_min"`
	SalaryMax int64           `json:"salary_max"`
	Deadline  string          `json:"deadline"` // YYYY-MM-DD
	Published bool            `json:"published"`
}

// Limits of the fields.
const (
	maxTitle        = 200
	maxDescription  = 5000
	maxRequirements = 3000
	maxContacts     = 500
	maxSubject      = 100
	maxHours        = 60
	maxSalary       = 100_000_000
)

func tooLong(field string, max int) error {
	return sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(max))
}

// validate checks the input against the site's languages and returns the vacancy's fields.
// A new deadline may not be in the past; an unchanged one (editing after the deadline) may.
func (in Input) validate(site *sitecore.Site, today time.Time, old *Vacancy) (*Vacancy, error) {
	if len(in.Text) == 0 {
		return nil, sitecore.Invalid("text", "field.required")
	}
	v := &Vacancy{SiteID: site.ID, Text: map[sitecore.Lang]Text{}, Hours: in.Hours, SalaryMin: in.SalaryMin, SalaryMax: in.SalaryMax,
		Published: in.Published, Subject: strings.TrimSpace(in.Subject)}
	for l, t := range in.Text {
		lang := sitecore.Lang(l)
		field := "text." + l
		if !site.HasLang(lang) {
			return nil, sitecore.Invalid(field, "lang.unsupported", "value", l)
		}
		t = Text{Title: strings.TrimSpace(t.Title), Description: strings.TrimSpace(t.Description),
			Requirements: strings.TrimSpace(t.Requirements), Contacts: strings.TrimSpace(t.Contacts)}
		switch {
		case t.Title == "":
			return nil, sitecore.Invalid(field+".title", "field.required")
		case utf8.RuneCountInString(t.Title) > maxTitle:
			return nil, tooLong(field+".title", maxTitle)
		case utf8.RuneCountInString(t.Description) > maxDescription:
			return nil, tooLong(field+".description", maxDescription)
		case utf8.RuneCountInString(t.Requirements) > maxRequirements:
			return nil, tooLong(field+".requirements", maxRequirements)
		case t.Contacts == "":
			return nil, sitecore.Invalid(field+".contacts", "field.required")
		case utf8.RuneCountInString(t.Contacts) > maxContacts:
			return nil, tooLong(field+".contacts", maxContacts)
		}
		v.Text[lang] = t
	}
	if utf8.RuneCountInString(v.Subject) > maxSubject {
		return nil, tooLong("subject", maxSubject)
	}
	if v.Hours < 0 || v.Hours > maxHours {
		return nil, sitecore.Invalid("hours", "vacancy.hours", "max", strconv.Itoa(maxHours))
	}
	if v.SalaryMin < 0 || v.SalaryMin > maxSalary {
		return nil, sitecore.Invalid("salary_min", "vacancy.salary")
	}
	if v.SalaryMax < 0 || v.SalaryMax > maxSalary {
		return nil, sitecore.Invalid("salary_max", "vacancy.salary")
	}
	if v.SalaryMin > 0 && v.SalaryMax > 0 && v.SalaryMin > v.SalaryMax {
		return nil, sitecore.Invalid("salary_max", "vacancy.salary_range")
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Deadline))
	switch {
	case strings.TrimSpace(in.Deadline) == "":
		return nil, sitecore.Invalid("deadline", "field.required")
	case err != nil:
		return nil, sitecore.Invalid("deadline", "field.date")
	case d.Before(Day(today)) && (old == nil || !d.Equal(old.Deadline)):
		return nil, sitecore.Invalid("deadline", "vacancy.deadline_past")
	}
	v.Deadline = d
	return v, nil
}

// Query selects open vacancies of every school (the platform-wide page).
type Query struct {
	// OrgUnits keeps schools placed at one of the units (a region and the units under it);
	// empty: every school.
	OrgUnits []int64
	Subject  string // case-insensitive, exact; "" for every subject
	Lang     sitecore.Lang
	Day      time.Time // deadline on or after
	Offset   int
	Limit    int
}

// Listed is an open vacancy with its school, for the platform-wide list.
type Listed struct {
	Vacancy
	SchoolName   string `json:"school_name"`
	SchoolDomain string `json:"school_domain,omitempty"`
	SchoolSlug   string `json:"school_slug"`
}

// Store keeps vacancies. Every method about one school's vacancies takes the site; another
// site's vacancy is ENotFound.
type Store interface {
	CreateVacancy(ctx context.Context, v *Vacancy) error
	// UpdateVacancy replaces the editable fields and sets UpdatedAt (and PublishedAt on the
	// first publication).
	UpdateVacancy(ctx context.Context, v *Vacancy) error
	DeleteVacancy(ctx context.Context, siteID, id int64) error
	FindVacancy(ctx context.Context, siteID, id int64) (*Vacancy, error)
	// Vacancies returns the site's vacancies, newest first; openOn non-zero keeps only
	// published ones whose deadline is on or after it.
	Vacancies(ctx context.Context, siteID int64, openOn time.Time) ([]Vacancy, error)
	// SearchVacancies returns open vacancies of active schools, nearest deadline first, and
	// how many match.
	SearchVacancies(ctx context.Context, q Query) ([]Listed, int64, error)
}
