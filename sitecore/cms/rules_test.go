package cms

import (
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestValidMenuURL(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"/kk/about", true},
		{"https://edu.gov.kz/", true},
		{"http://bilimland.kz/kk", true},
		{"//evil.example/x", false}, // protocol-relative: another host
		{"javascript:alert(1)", false},
		{"data:text/html,<b>x</b>", false},
		{"https://", false},
		{"/kk/a b", false},
		{`/kk/"onmouseover`, false},
		{"/" + strings.Repeat("a", 500), false},
	} {
		if got := validMenuURL(tt.in); got != tt.ok {
			t.Errorf("validMenuURL(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

func TestCommentBody(t *testing.T) {
	for _, tt := range []struct {
		name, in, key string
	}{
		{"text", "  Рақмет, мұғалім!  ", ""},
		{"blank", "   ", "field.required"},
		{"only markup", "<script>alert(1)</script>", "field.required"},
		{"at the limit", strings.Repeat("ә", maxCommentLen), ""},
		{"over the limit", strings.Repeat("ә", maxCommentLen+1), "field.too_long"},
	} {
		out, err := commentBody(tt.in)
		key := ""
		if err != nil {
			e := sitecore.AsError(err)
			key = e.Key
			if e.Field != "body" {
				t.Errorf("%s: field %q, want body", tt.name, e.Field)
			}
		}
		if key != tt.key || (err == nil && (out == "" || strings.Contains(out, "<script"))) {
			t.Errorf("%s: %q, %v; want key %q", tt.name, out, err, tt.key)
		}
	}
}
