package render

import (
	"time"
)

// PortalNewsView is a regional or district portal's page of its schools' news.
type PortalNewsView struct {
	Chrome
	Items []PortalNewsItem
	Pager *Pager // nil when everything fits one page
}

// PortalNewsItem is one school's item, linking to the school's own page (the canonical
// one) with the school named.
type PortalNewsItem struct {
	Title, Summary, Href, ImageURL string
	SchoolName, SchoolHref         string
	PublishedAt                    time.Time
}

// PortalNews renders the aggregated news page.
func (t *Theme) PortalNews(v *PortalNewsView) ([]byte, error) {
	return t.Render("portal.html", &v.Chrome, v)
}
