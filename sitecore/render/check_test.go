package render

import (
	"bytes"
	"errors"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestCheckOverrideText(t *testing.T) {
	tests := []struct {
		name, body string
		kind       string // "" when allowed
		line       int
	}{
		{"footer", `<footer>{{.SiteName}} {{date .Now $.Lang}}</footer>`, "", 0}, // .Now is data, checked when rendered
		{"footer", "<footer>\n{{if .Contacts}}{{.Contacts.Phone}}{{end}}\n{{range .Menu}}{{.Label}}{{end}}</footer>", "", 0},
		{"footer", "<footer>\n\n{{.SiteName</footer>", "parse", 3},
		{"footer", "<p>\n{{nosuch .SiteName}}</p>", "parse", 2},
		{"header", "<p>\n\n{{template \"/etc/passwd\"}}</p>", "not_allowed", 3},
		{"header", "{{template \"header\" .}}", "not_allowed", 1},
		{"header", "{{template \"family.html\" .}}", "not_allowed", 1},
		{"header", "{{template \"style\" .}}", "", 0},
		{"footer", "x\n{{safe .SiteName}}", "not_allowed", 2},
		{"footer", "x\n{{call .Fn}}", "not_allowed", 2},
		{"footer", "x\n\n{{printf \"%0999999999d\" 1}}", "not_allowed", 3},
		{"footer", "{{define \"page.html\"}}pwned{{end}}", "not_allowed", 1},
		{"footer", "ok{{define \"x\"}}{{end}}", "not_allowed", 1},
		{"footer", "a\n{{range 1000000000}}x{{end}}", "not_allowed", 2},
		{"footer", "{{range .Menu}}{{range .Menu}}{{range .Menu}}{{range .Menu}}x{{end}}{{end}}{{end}}{{end}}", "not_allowed", 1},
		{"footer", "{{range .Menu}}{{range .Children}}{{.Label}}{{end}}{{end}}", "", 0},
	}
	for _, tt := range tests {
		err := CheckOverrideText(tt.name, tt.body)
		var te *TemplateError
		switch {
		case tt.kind == "" && err != nil:
			t.Errorf("%q refused: %v", tt.body, err)
		case tt.kind == "":
		case !errors.As(err, &te):
			t.Errorf("%q: %v, want a %s error", tt.body, err, tt.kind)
		case te.Kind != tt.kind || te.Line != tt.line || te.Template != tt.name:
			t.Errorf("%q: %+v, want %s at %s:%d", tt.body, te, tt.kind, tt.name, tt.line)
		}
	}
}

// A runtime error on real data names the template and the line.
func TestRenderErrorLine(t *testing.T) {
	th, err := NewTheme()
	if err != nil {
		t.Fatal(err)
	}
	o, err := th.WithOverrides(map[string]string{"footer": "<footer>\n{{.SiteName}}\n{{.Nope}}</footer>"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = o.Page(&PageView{Chrome: Chrome{Lang: sitecore.Kazakh, SiteName: "x"}})
	if err == nil {
		t.Fatal("rendered a template that reads a missing field")
	}
	if te := RenderError("footer", err); te.Template != "footer" || te.Line != 3 {
		t.Errorf("render error %+v from %v", te, err)
	}
}

// Overrides can be applied after the default theme has rendered pages (html/template does
// not clone a set that has executed).
func TestWithOverridesAfterRendering(t *testing.T) {
	th, err := NewTheme()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := th.Page(&PageView{Chrome: Chrome{Lang: sitecore.Kazakh, SiteName: "x"}}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		o, err := th.WithOverrides(map[string]string{"footer": "<footer>OVERRIDDEN</footer>"})
		if err != nil {
			t.Fatalf("override after rendering: %v", err)
		}
		if b, err := o.Page(&PageView{Chrome: Chrome{Lang: sitecore.Kazakh, SiteName: "x"}}); err != nil || !bytes.Contains(b, []byte("OVERRIDDEN")) {
			t.Fatalf("overridden page: %v %s", err, b)
		}
	}
}
