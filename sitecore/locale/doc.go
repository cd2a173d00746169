// Package locale holds the platform's texts in Kazakh, Russian and English: error messages,
// the interface strings of the public theme and of the family and helpdesk pages, the
// emails' subjects and bodies, and the names of statuses, roles and SLA clocks. It also
// defines Lang, the language code the domain calls sitecore.Lang.
//
// Texts are plain package-level literals, one file per area (core.go, accounts.go,
// admissions.go, cms.go, helpdesk.go, media.go, search.go, theme.go); nothing is merged at
// start-up by init functions. The few joined tables (messages, theme) are package-level
// variables built by a function from the areas' literals, so the whole catalog is known
// before main runs and the same in every test.
//
// # Adding an area
//
// An area (say, EDS signing) adds one file, eds.go:
//
//	package locale
//
//	// edsMessages are the error messages of EDS signing.
//	var edsMessages = Catalog{
//		"eds.expired": {Kazakh: "…", Russian: "…", English: "…"},
//	}
//
// and lists edsMessages in messageAreas (catalog.go). Interface strings of the public theme
// are a Strings literal listed in themeAreas; tables of another shape (emails, names) get a
// lookup function in catalog.go and a line in TestEveryTextInEveryCoreLanguage
// (complete_test.go), which fails on a key missing in any of the three languages. Keys are
// "area.what" and must not repeat another area's (TestAreasDoNotOverlap).
//
// Callers outside the domain usually go through sitecore.Message and the builders of
// package sitecore; the package imports nothing of the project, so every layer may use it.
package locale
