// Package render turns CMS content into the public site's HTML with the embedded default
// theme (html/template). Pages are rendered into bytes so the HTTP layer can cache them and
// answer conditional requests.
package render

import (
	"bytes"
	"embed"
	"html/template"
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

//go:embed templates/*.html
var templatesFS embed.FS

// Theme is the parsed default theme.
type Theme struct {
	pages *template.Template
}

// NewTheme parses the embedded templates.
func NewTheme() (*Theme, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"safe": func(s string) template.HTML { return template.HTML(s) }, //nolint:gosec // bodies are sanitized on write
		"date": func(t time.Time, l sitecore.Lang) string { return formatDate(t, l) },
	}).ParseFS(templatesFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	return &Theme{pages: t}, nil
}

// Link is an entry of the menu or the language switcher.
type Link struct {
	Label    string
	Href     string
	Current  bool
	Lang     sitecore.Lang // for language links
	Children []Link
}

// Alternate is an hreflang alternate of the current page.
type Alternate struct {
	Lang string // a language code or "x-default"
	Href string
}

// NewsView is a news item in the current language.
type NewsView struct {
	Title, Summary, Href string
	PublishedAt          time.Time
}

// PageView is everything a page template shows.
type PageView struct {
	Lang       sitecore.Lang
	SiteName   string
	Title      string
	Body       string
	Kind       sitecore.PageKind
	Canonical  string
	Alternates []Alternate
	Languages  []Link
	Menu       []Link
	News       []NewsView
	UI         map[string]string // interface strings in Lang
}

// Page renders a site page.
func (t *Theme) Page(v *PageView) ([]byte, error) {
	if v.UI == nil {
		v.UI = uiStrings(v.Lang)
	}
	var b bytes.Buffer
	b.Grow(8 << 10)
	err := t.pages.ExecuteTemplate(&b, "page.html", v)
	return b.Bytes(), err
}

// NotFound renders the 404 page for an unknown site or page, in lang if given and else in
// the three core languages.
func (t *Theme) NotFound(lang sitecore.Lang, host string) []byte {
	langs := []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}
	if lang != "" {
		langs = []sitecore.Lang{lang}
	}
	type msg struct {
		Lang          sitecore.Lang
		Title, Detail string
	}
	var v struct {
		Lang     sitecore.Lang
		Host     string
		Messages []msg
	}
	v.Lang, v.Host = langs[0], host
	for _, l := range langs {
		ui := uiStrings(l)
		v.Messages = append(v.Messages, msg{Lang: l, Title: ui["not_found"], Detail: ui["not_found_detail"]})
	}
	var b bytes.Buffer
	if err := t.pages.ExecuteTemplate(&b, "notfound.html", v); err != nil {
		return []byte("404 page not found")
	}
	return b.Bytes()
}

var ui = map[sitecore.Lang]map[string]string{
	sitecore.Kazakh: {"news": "Жаңалықтар", "no_news": "Әзірге жаңалық жоқ.", "menu": "Мәзір", "language": "Тіл",
		"not_found": "Бет табылмады", "not_found_detail": "Мұндай бет немесе сайт жоқ. Мекенжайды тексеріңіз.",
		"powered": "Mektep платформасында жасалған", "skip": "Негізгі мазмұнға өту"},
	sitecore.Russian: {"news": "Новости", "no_news": "Пока новостей нет.", "menu": "Меню", "language": "Язык",
		"not_found": "Страница не найдена", "not_found_detail": "Такой страницы или сайта нет. Проверьте адрес.",
		"powered": "Работает на платформе Mektep", "skip": "Перейти к основному содержанию"},
	sitecore.English: {"news": "News", "no_news": "No news yet.", "menu": "Menu", "language": "Language",
		"not_found": "Page not found", "not_found_detail": "There is no such page or site. Please check the address.",
		"powered": "Powered by Mektep", "skip": "Skip to main content"},
}

func uiStrings(l sitecore.Lang) map[string]string {
	if m, ok := ui[l]; ok {
		return m
	}
	return ui[sitecore.English]
}

var months = map[sitecore.Lang][12]string{
	sitecore.Kazakh:  {"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"},
	sitecore.Russian: {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	sitecore.English: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// almaty is Kazakhstan's single time zone since March 2024 (UTC+5); a fixed zone keeps the
// output independent of the machine's tzdata.
var almaty = time.FixedZone("Asia/Almaty", 5*3600)

// formatDate writes a date the way each language does: "2026 ж. 25 қараша",
// "25 ноября 2026", "25 November 2026".
func formatDate(t time.Time, l sitecore.Lang) string {
	t = t.In(almaty)
	m, ok := months[l]
	if !ok {
		return t.Format("2006-01-02")
	}
	d, mon, y := itoa(t.Day()), m[t.Month()-1], itoa(t.Year())
	switch l {
	case sitecore.Kazakh:
		return y + " ж. " + d + " " + mon
	default:
		return d + " " + mon + " " + y
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// AccountView is a small account page (setting a password from an emailed link).
type AccountView struct {
	Lang                                     sitecore.Lang
	Title, Label, Submit, Token, Error, Done string
}

// Account renders an account page.
func (t *Theme) Account(v *AccountView) ([]byte, error) {
	var b bytes.Buffer
	err := t.pages.ExecuteTemplate(&b, "account.html", v)
	return b.Bytes(), err
}
