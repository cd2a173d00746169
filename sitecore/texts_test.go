package sitecore

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var messageLangs = []Lang{Kazakh, Russian, English}

// sitecorePath is the import path of this package, used to recognise qualified calls.
const sitecorePath = "github.com/mektep/mektep/sitecore"

// keyUse is a message key written as a string literal in a call, with where it was found.
type keyUse struct {
	key string
	pos string
}

// messageKeysInFile returns the literal message keys of one file: the key argument of
// Invalid(field, key, …), Conflictf(field, key, …), Errorf(code, key, …) on package
// sitecore, "not_found."+what of NotFound("what"), and Key: "…" in sitecore.Error literals.
// Errorf counts only when it is sitecore's (qualified by its import, or unqualified inside
// package sitecore), so fmt.Errorf("…", "…") and t.Errorf are ignored.
func messageKeysInFile(fset *token.FileSet, f *ast.File) []keyUse {
	inSitecore := f.Name.Name == "sitecore"
	sitecoreNames := map[string]bool{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path != sitecorePath {
			continue
		}
		if imp.Name != nil {
			sitecoreNames[imp.Name.Name] = true
		} else {
			sitecoreNames["sitecore"] = true
		}
	}
	// isSitecore reports whether a function or type expression names something of sitecore.
	isSitecore := func(x ast.Expr) (string, bool) {
		switch x := x.(type) {
		case *ast.Ident:
			return x.Name, inSitecore
		case *ast.SelectorExpr:
			id, ok := x.X.(*ast.Ident)
			return x.Sel.Name, ok && sitecoreNames[id.Name]
		}
		return "", false
	}
	funcName := func(x ast.Expr) string {
		switch x := x.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			return x.Sel.Name
		}
		return ""
	}
	literal := func(x ast.Expr) (string, bool) {
		lit, ok := x.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}

	var out []keyUse
	add := func(key string, at token.Pos) {
		out = append(out, keyUse{key: key, pos: fset.Position(at).String()})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			switch name := funcName(n.Fun); name {
			case "Invalid", "Conflictf":
				if len(n.Args) >= 2 {
					if key, ok := literal(n.Args[1]); ok {
						add(key, n.Args[1].Pos())
					}
				}
			case "Errorf":
				if _, ok := isSitecore(n.Fun); ok && len(n.Args) >= 2 {
					if key, ok := literal(n.Args[1]); ok {
						add(key, n.Args[1].Pos())
					}
				}
			case "NotFound":
				if len(n.Args) == 1 {
					if what, ok := literal(n.Args[0]); ok {
						add("not_found."+what, n.Args[0].Pos())
					}
				}
			}
		case *ast.CompositeLit:
			if name, ok := isSitecore(n.Type); !ok || name != "Error" {
				return true
			}
			for _, el := range n.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Key" {
					if key, ok := literal(kv.Value); ok {
						add(key, kv.Value.Pos())
					}
				}
			}
		}
		return true
	})
	return out
}

func TestMessageKeyScanner(t *testing.T) {
	const src = `package other

import (
	"fmt"
	sc "github.com/mektep/mektep/sitecore"
)

func f(t interface{ Errorf(string, ...any) }, theme themeT, r router) {
	_ = sc.Invalid("slug", "k.invalid", "value", "x")
	_ = sc.Conflictf("slug", "k.conflict")
	_ = sc.Errorf(sc.EForbidden, "k.errorf")
	_ = sc.NotFound("thing")
	_ = &sc.Error{Code: sc.ETooLarge, Key: "k.literal"}
	_ = fmt.Errorf("%s: %s", "not.a.key", "neither")
	t.Errorf("%s", "nor.this")
	_ = theme.NotFound("kk", "host")
	r.NotFound(handler)
	_ = sc.Invalid(field, key)
	_ = sc.NotFound("a" + "b")
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "other.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range messageKeysInFile(fset, f) {
		got = append(got, u.key)
	}
	want := []string{"k.invalid", "k.conflict", "k.errorf", "not_found.thing", "k.literal"}
	if !slices.Equal(got, want) {
		t.Errorf("keys = %q, want %q", got, want)
	}

	const inPkg = `package sitecore

import "fmt"

func g() {
	_ = Errorf(EInvalid, "k.unqualified")
	_ = fmt.Errorf("x %s", "not.a.key")
	_ = &Error{Key: "k.internal"}
}
`
	f, err = parser.ParseFile(fset, "in.go", inPkg, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, u := range messageKeysInFile(fset, f) {
		got = append(got, u.key)
	}
	if want := []string{"k.unqualified", "k.internal"}; !slices.Equal(got, want) {
		t.Errorf("keys in package sitecore = %q, want %q", got, want)
	}
}

// repoRoot finds the module root above the test's working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module github.com/mektep/mektep\n") {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("go.mod of github.com/mektep/mektep not found above %s", wd)
		}
	}
}

// TestMessageKeysInCodeExist scans the repository's Go code for message keys written as
// literals and checks that each has a message in every core language.
func TestMessageKeysInCodeExist(t *testing.T) {
	root := repoRoot(t)
	skip := map[string]bool{"bin": true, "var": true, filepath.Join("deploy", "ferretdb"): true}
	fset := token.NewFileSet()
	var uses []keyUse
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if path != root && (skip[rel] || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("parse %s: %v", rel, err)
			return nil
		}
		files++
		uses = append(uses, messageKeysInFile(fset, f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("scanned only %d files under %s", files, root)
	}
	found := map[string]bool{}
	for _, u := range uses {
		found[u.key] = true
		for _, l := range messageLangs {
			if !HasMessage(l, u.key) {
				t.Errorf("%s: message key %q has no %s message", u.pos, u.key, l)
			}
		}
	}
	// The scan must see the keys this package and its adapters are known to use.
	for _, k := range []string{"field.required", "lang.unsupported", "domain.invalid", "slug.taken",
		"domain.taken", "not_found.site", "not_found.page", "idempotency.key_reused", "internal"} {
		if !found[k] {
			t.Errorf("scan did not find key %q; the scanner is broken", k)
		}
	}
	t.Logf("%d files, %d literal key uses, %d distinct keys", files, len(uses), len(found))
}

func TestDefaultContent(t *testing.T) {
	now := time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC)
	const name = `A & <B>`
	s := &Site{ID: 7, Slug: "ab",
		Names:     map[Lang]string{Kazakh: name, Russian: name, English: name, "de": name},
		Languages: []Lang{Kazakh, Russian, English, "de"}}
	pages, menu := DefaultContent(s, now)

	wantKeys := []string{"home", "about", "news", "contacts"}
	wantKinds := []PageKind{PageHome, PageStandard, PageNews, PageContacts}
	if len(pages) != len(wantKeys) {
		t.Fatalf("%d pages, want %d", len(pages), len(wantKeys))
	}
	for i, p := range pages {
		if p.Key != wantKeys[i] || p.Kind != wantKinds[i] || p.Position != i {
			t.Errorf("page %d = key %q kind %q position %d, want %q %q %d", i, p.Key, p.Kind, p.Position, wantKeys[i], wantKinds[i], i)
		}
		if p.SiteID != 7 || !p.Published || !p.UpdatedAt.Equal(now) {
			t.Errorf("page %q: SiteID %d Published %v UpdatedAt %v", p.Key, p.SiteID, p.Published, p.UpdatedAt)
		}
		if len(p.Text) != len(s.Languages) {
			t.Errorf("page %q has text in %d languages, want %d", p.Key, len(p.Text), len(s.Languages))
		}
		for _, l := range s.Languages {
			txt, ok := p.Text[l]
			if !ok || txt.Title == "" {
				t.Errorf("page %q has no %s text", p.Key, l)
			}
			if p.Key == "home" && txt.Slug != "" {
				t.Errorf("home page slug in %s = %q, want empty", l, txt.Slug)
			}
			if p.Key != "home" && txt.Slug != p.Key {
				t.Errorf("page %q slug in %s = %q", p.Key, l, txt.Slug)
			}
		}
		// A language without starter text gets the English one.
		if p.Text["de"] != p.Text[English] {
			t.Errorf("page %q: de text %+v differs from English %+v", p.Key, p.Text["de"], p.Text[English])
		}
	}

	home := pages[0]
	wantTitles := map[Lang]string{Kazakh: "Басты бет", Russian: "Главная", English: "Home", "de": "Home"}
	for l, want := range wantTitles {
		if got := home.Text[l].Title; got != want {
			t.Errorf("home title in %s = %q, want %q", l, got, want)
		}
	}
	if got := pages[1].Text[Kazakh].Title; got != "Мектеп туралы" {
		t.Errorf("about title in kk = %q", got)
	}
	if got := pages[3].Text[Russian].Title; got != "Контакты" {
		t.Errorf("contacts title in ru = %q", got)
	}
	for _, l := range s.Languages {
		body := home.Text[l].Body
		if !strings.Contains(body, "A &amp; &lt;B&gt;") {
			t.Errorf("home body in %s lacks the escaped name: %q", l, body)
		}
		if strings.Contains(body, "<B>") || strings.Contains(body, "{name}") {
			t.Errorf("home body in %s has the raw name or placeholder: %q", l, body)
		}
	}

	if menu.SiteID != 7 || menu.Name != "main" || !menu.UpdatedAt.Equal(now) {
		t.Errorf("menu = SiteID %d Name %q UpdatedAt %v", menu.SiteID, menu.Name, menu.UpdatedAt)
	}
	if len(menu.Items) != len(pages) {
		t.Fatalf("menu has %d items, want %d", len(menu.Items), len(pages))
	}
	for i, it := range menu.Items {
		if it.PageKey != pages[i].Key || it.URL != "" || len(it.Children) != 0 {
			t.Errorf("menu item %d = %+v, want a link to %q", i, it, pages[i].Key)
		}
		if len(it.Label) != len(s.Languages) {
			t.Errorf("menu item %q has %d labels, want %d", it.PageKey, len(it.Label), len(s.Languages))
		}
		for _, l := range s.Languages {
			if it.Label[l] != pages[i].Text[l].Title {
				t.Errorf("menu item %q label in %s = %q, want the page title %q", it.PageKey, l, it.Label[l], pages[i].Text[l].Title)
			}
		}
	}

	// Pure: the same site gives the same content, and another site does not leak into it.
	pages2, menu2 := DefaultContent(s, now)
	if !reflect.DeepEqual(pages, pages2) || !reflect.DeepEqual(menu, menu2) {
		t.Error("DefaultContent is not deterministic")
	}
	other := &Site{ID: 8, Names: map[Lang]string{Kazakh: "Басқа мектеп"}, Languages: []Lang{Kazakh, Russian}}
	op, _ := DefaultContent(other, now)
	if strings.Contains(op[0].Text[Kazakh].Body, "A &amp;") {
		t.Error("the first site's name leaked into the second site's content")
	}
	// The Russian home page names the school by the Kazakh name when there is no Russian one.
	if !strings.Contains(op[0].Text[Russian].Body, "Басқа мектеп") {
		t.Errorf("ru home body = %q, want the default-language name", op[0].Text[Russian].Body)
	}
	if _, ok := op[0].Text[English]; ok {
		t.Error("content in a language the site does not publish")
	}
}

func TestInvitationEmail(t *testing.T) {
	s := &Site{ID: 42,
		Names:      map[Lang]string{Kazakh: "Мектеп <1> & Co", Russian: "Школа <1>", English: "School <1>"},
		Languages:  []Lang{Russian, Kazakh, English},
		OwnerEmail: "owner@school.kz"}
	const siteURL, panelURL = "https://school.kz", "https://mektep.kz/panel"
	e := InvitationEmail(s, siteURL, panelURL)

	if e.Key != "site-invitation/42" {
		t.Errorf("Key = %q", e.Key)
	}
	if e.To != "owner@school.kz" {
		t.Errorf("To = %q", e.To)
	}
	if e.Subject != "Сайт «Школа <1>» готов" {
		t.Errorf("Subject = %q, want the Russian subject", e.Subject)
	}

	// Text: every language's section, in the site's language order, with its own name.
	greetings := []string{"Здравствуйте!", "Сәлеметсіз бе!", "Hello!"}
	last := -1
	for _, g := range greetings {
		i := strings.Index(e.Text, g)
		if i < 0 {
			t.Errorf("text lacks %q", g)
			continue
		}
		if i < last {
			t.Errorf("text has %q out of order", g)
		}
		last = i
	}
	if !strings.HasPrefix(e.Text, "Здравствуйте!") {
		t.Errorf("text does not start with the first language: %q", e.Text[:min(40, len(e.Text))])
	}
	for _, want := range []string{"«Школа <1>»", "«Мектеп <1> & Co»", "of School <1>.", siteURL, panelURL} {
		if !strings.Contains(e.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if n := strings.Count(e.Text, "----------"); n != 2 {
		t.Errorf("text has %d separators, want 2", n)
	}

	// HTML: the same sections in order, with names escaped.
	if !strings.HasPrefix(e.HTML, "<!doctype html>") {
		t.Errorf("HTML = %q", e.HTML[:min(40, len(e.HTML))])
	}
	ru, kk, en := strings.Index(e.HTML, `<div lang="ru">`), strings.Index(e.HTML, `<div lang="kk">`), strings.Index(e.HTML, `<div lang="en">`)
	if ru < 0 || kk < ru || en < kk {
		t.Errorf("HTML sections out of order or missing: ru %d kk %d en %d", ru, kk, en)
	}
	for _, want := range []string{"Школа &lt;1&gt;", "Мектеп &lt;1&gt; &amp; Co", "School &lt;1&gt;"} {
		if !strings.Contains(e.HTML, want) {
			t.Errorf("HTML lacks escaped %q", want)
		}
	}
	if strings.Contains(e.HTML, "<1>") || strings.Contains(e.HTML, "& Co") {
		t.Error("HTML has an unescaped name")
	}
}

func TestInvitationEmailLanguagesWithoutText(t *testing.T) {
	// A language without invitation text is left out; the first one with text leads.
	s := &Site{ID: 5, Names: map[Lang]string{"de": "Schule", Kazakh: "Мектеп", English: "School"},
		Languages: []Lang{"de", Kazakh, English}, OwnerEmail: "o@school.kz"}
	e := InvitationEmail(s, "https://s.kz", "https://p.kz")
	if e.Subject != "«Мектеп» сайты дайын" {
		t.Errorf("Subject = %q, want the Kazakh subject", e.Subject)
	}
	if !strings.HasPrefix(e.Text, "Сәлеметсіз бе!") {
		t.Errorf("text should start with the Kazakh section, starts with %q", e.Text[:min(40, len(e.Text))])
	}
	if n := strings.Count(e.Text, "----------"); n != 1 {
		t.Errorf("text has %d separators, want 1 (two sections)", n)
	}
	if !strings.HasPrefix(e.HTML, `<!doctype html><html><body><div lang="kk">`) {
		t.Errorf("HTML should start with the Kazakh section: %q", e.HTML[:min(80, len(e.HTML))])
	}

	// None of the core languages: an English invitation with the default language's name.
	de := &Site{ID: 6, Names: map[Lang]string{"de": "Schule <X>"}, Languages: []Lang{"de"}, OwnerEmail: "o@schule.de"}
	e = InvitationEmail(de, "https://s.de", "https://p.de")
	if e.Key != "site-invitation/6" || e.To != "o@schule.de" {
		t.Errorf("Key %q To %q", e.Key, e.To)
	}
	if e.Subject != "The website of Schule <X> is ready" {
		t.Errorf("Subject = %q", e.Subject)
	}
	if !strings.Contains(e.Text, "Hello!") || !strings.Contains(e.HTML, "Schule &lt;X&gt;") {
		t.Errorf("English fallback text %q / HTML %q", e.Text, e.HTML)
	}
}
