package render

import (
	"html/template"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// SearchView is the site's search page: the form, and for a query its results.
type SearchView struct {
	Chrome
	Searched bool   // a query was given (and valid)
	Error    string // why the query was refused
	Hits     []SearchHitView
	Total    int
	More     bool   // Total is a floor: the query matched more
	Start    int    // the number of the first hit shown
	Fuzzy    bool   // the hits come from the typo-tolerant fallback
	Pager    *Pager // nil when everything fits one page
}

// SearchHitView is one result. Title and Snippet are safe HTML from the search index:
// escaped text with <mark> around the matched words.
type SearchHitView struct {
	Title       template.HTML
	Snippet     template.HTML
	Href        string
	PublishedAt time.Time
}

// Search renders the search page.
func (t *Theme) Search(v *SearchView) ([]byte, error) {
	return t.Render("search.html", &v.Chrome, v)
}

func init() {
	AddUI(sitecore.Kazakh, map[string]string{"search_title": "Сайттан іздеу", "search_found": "Табылды:",
		"search_nothing": "Ештеңе табылмады. Басқа сөздермен іздеп көріңіз.", "search_fuzzy": "Дәл сәйкестік жоқ, ұқсас нәтижелер көрсетілген.",
		"search_prompt": "Іздеу үшін сөз немесе сөз тіркесін жазыңыз."})
	AddUI(sitecore.Russian, map[string]string{"search_title": "Поиск по сайту", "search_found": "Найдено:",
		"search_nothing": "Ничего не найдено. Попробуйте другие слова.", "search_fuzzy": "Точных совпадений нет, показаны похожие результаты.",
		"search_prompt": "Введите слово или фразу для поиска."})
	AddUI(sitecore.English, map[string]string{"search_title": "Search this site", "search_found": "Results:",
		"search_nothing": "Nothing found. Try other words.", "search_fuzzy": "No exact matches; showing similar results.",
		"search_prompt": "Type a word or a phrase to search for."})
}
