package render

import (
	"html/template"
	"time"
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
