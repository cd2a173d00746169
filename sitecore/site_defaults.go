package sitecore

import (
	"strings"
	"time"
)

// defaultText holds the starter content of a new site per language. Languages without an
// entry get the English text, which the school then translates.
var defaultText = map[Lang]map[string]PageText{
	Kazakh: {
		"home":     {Title: "Басты бет", Body: "<p>{name} сайтына қош келдіңіз!</p><p>Бұл бет мектеп әкімшісі өңдегенге дейін көрсетіледі.</p>"},
		"about":    {Title: "Мектеп туралы", Slug: "about", Body: "<p>Мектептің тарихы, ұжымы мен жетістіктері туралы осында жазыңыз.</p>"},
		"contacts": {Title: "Байланыс", Slug: "contacts", Body: "<p>Мекенжай, телефон және электрондық пошта.</p>"},
		"news":     {Title: "Жаңалықтар", Slug: "news"},
	},
	Russian: {
		"home":     {Title: "Главная", Body: "<p>Добро пожаловать на сайт «{name}»!</p><p>Эта страница показывается, пока администратор школы её не отредактирует.</p>"},
		"about":    {Title: "О школе", Slug: "about", Body: "<p>Расскажите здесь об истории школы, коллективе и достижениях.</p>"},
		"contacts": {Title: "Контакты", Slug: "contacts", Body: "<p>Адрес, телефон и электронная почта.</p>"},
		"news":     {Title: "Новости", Slug: "news"},
	},
	English: {
		"home":     {Title: "Home", Body: "<p>Welcome to the website of {name}!</p><p>This page is shown until the school's admin edits it.</p>"},
		"about":    {Title: "About the school", Slug: "about", Body: "<p>Tell visitors about the school's history, staff and achievements here.</p>"},
		"contacts": {Title: "Contacts", Slug: "contacts", Body: "<p>Address, phone and email.</p>"},
		"news":     {Title: "News", Slug: "news"},
	},
}

// defaultPages lists the starter pages in menu order.
var defaultPages = []struct {
	key  string
	kind PageKind
}{
	{"home", PageHome},
	{"about", PageStandard},
	{"news", PageNews},
	{"contacts", PageContacts},
}

// DefaultContent returns the pages and main menu every new site starts with, in each of the
// site's languages. It is pure, so the provisioning activity can call it on every retry and
// upsert the same documents.
func DefaultContent(s *Site, now time.Time) ([]*Page, *Menu) {
	pages := make([]*Page, 0, len(defaultPages))
	menu := &Menu{SiteID: s.ID, Name: "main", UpdatedAt: now}
	for i, dp := range defaultPages {
		p := &Page{SiteID: s.ID, Key: dp.key, Kind: dp.kind, Position: i, Published: true,
			Text: make(map[Lang]PageText, len(s.Languages)), UpdatedAt: now}
		item := MenuItem{PageKey: dp.key, Label: make(map[Lang]string, len(s.Languages))}
		for _, l := range s.Languages {
			texts, ok := defaultText[l]
			if !ok {
				texts = defaultText[English]
			}
			t := texts[dp.key]
			t.Body = strings.Replace(t.Body, "{name}", EscapeHTML(s.Name(l)), 1)
			p.Text[l] = t
			item.Label[l] = t.Title
		}
		pages = append(pages, p)
		menu.Items = append(menu.Items, item)
	}
	return pages, menu
}
