package syndication

import (
	"html"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/vacancy"
)

// KindVacancy marks an item that is a vacancy (Item.Kind); news items leave Kind empty.
const KindVacancy = "vacancy"

// VacancyTag is the tag a vacancy carries for outbound rules: a rule listing it sends
// vacancies, a rule without tags sends news and vacancies alike.
const VacancyTag = "vacancy"

// VacancyText is a vacancy's text in one language as a destination receives it (plain text).
type VacancyText struct {
	Description  string `json:"description,omitempty"`
	Requirements string `json:"requirements,omitempty"`
	Contacts     string `json:"contacts"`
}

// VacancyInfo is what an item carries besides its title and body when it is a vacancy
// (docs/syndication.md#vacancies).
type VacancyInfo struct {
	Subject   string                        `json:"subject,omitempty"`
	Hours     int                           `json:"hours,omitempty"`
	SalaryMin int64                         `json:"salary_min,omitempty"`
	SalaryMax int64                         `json:"salary_max,omitempty"`
	Deadline  string                        `json:"deadline"` // YYYY-MM-DD
	Texts     map[sitecore.Lang]VacancyText `json:"texts"`
}

// VacancyAsNews is a vacancy as the delivery rules see an item: published while the school
// shows it, versioned by its last change, tagged VacancyTag, the body an HTML rendering of
// its plain-text fields (escaped).
func VacancyAsNews(v *vacancy.Vacancy) *sitecore.News {
	n := &sitecore.News{SiteID: v.SiteID, Key: vacancy.SyndicationKey(v.ID), Published: v.Published, PublishedAt: v.PublishedAt,
		UpdatedAt: v.UpdatedAt, Tags: []string{VacancyTag}, Text: map[sitecore.Lang]sitecore.NewsText{}}
	for l, t := range v.Text {
		var b strings.Builder
		for _, part := range []string{t.Description, t.Requirements, t.Contacts} {
			if part != "" {
				b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(part), "\n", "<br>") + "</p>")
			}
		}
		n.Text[l] = sitecore.NewsText{Title: t.Title, Summary: summary(v), Body: b.String()}
	}
	return n
}

// summary is the vacancy's one line of facts (subject, hours, salary, deadline).
func summary(v *vacancy.Vacancy) string {
	var parts []string
	if v.Subject != "" {
		parts = append(parts, v.Subject)
	}
	if v.Hours > 0 {
		parts = append(parts, strconv.Itoa(v.Hours)+" h")
	}
	switch {
	case v.SalaryMin > 0 && v.SalaryMax > 0:
		parts = append(parts, strconv.FormatInt(v.SalaryMin, 10)+"–"+strconv.FormatInt(v.SalaryMax, 10)+" ₸")
	case v.SalaryMin > 0:
		parts = append(parts, "≥ "+strconv.FormatInt(v.SalaryMin, 10)+" ₸")
	case v.SalaryMax > 0:
		parts = append(parts, "≤ "+strconv.FormatInt(v.SalaryMax, 10)+" ₸")
	}
	parts = append(parts, "→ "+v.Deadline.Format("2006-01-02"))
	return strings.Join(parts, " · ")
}

// VacancyInfoOf is the vacancy part of an item.
func VacancyInfoOf(v *vacancy.Vacancy) *VacancyInfo {
	in := &VacancyInfo{Subject: v.Subject, Hours: v.Hours, SalaryMin: v.SalaryMin, SalaryMax: v.SalaryMax,
		Deadline: v.Deadline.Format("2006-01-02"), Texts: map[sitecore.Lang]VacancyText{}}
	for l, t := range v.Text {
		in.Texts[l] = VacancyText{Description: t.Description, Requirements: t.Requirements, Contacts: t.Contacts}
	}
	return in
}
