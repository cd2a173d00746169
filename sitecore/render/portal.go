package render

import (
	"time"

	"github.com/mektep/mektep/sitecore"
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

func init() {
	AddUI(sitecore.Kazakh, map[string]string{"schools_news": "Мектептер жаңалықтары", "no_schools_news": "Әзірге жаңалық жоқ."})
	AddUI(sitecore.Russian, map[string]string{"schools_news": "Новости школ", "no_schools_news": "Пока новостей нет."})
	AddUI(sitecore.English, map[string]string{"schools_news": "Schools' news", "no_schools_news": "No news yet."})
}
