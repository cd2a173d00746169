package render

import "time"

// VacanciesView is a school's page of its open vacancies.
type VacanciesView struct {
	Chrome
	Items []VacancyItem
}

// VacancyItem is one vacancy in the page's language; its anchor is "vacancy-{ID}" (the
// canonical link syndicated to partners).
type VacancyItem struct {
	ID                                  int64
	Title, Subject, Salary              string
	Description, Requirements, Contacts string
	Hours                               int
	Deadline                            time.Time
}

// Vacancies renders the vacancies page.
func (t *Theme) Vacancies(v *VacanciesView) ([]byte, error) {
	return t.Render("vacancies.html", &v.Chrome, v)
}
