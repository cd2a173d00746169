package sitecore

import (
	"strings"
	"testing"
)

func TestNormalizeMailboxLocalPart(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"info", "info", true},
		{" Info ", "info", true},
		{"director.school-12_a", "director.school-12_a", true},
		{"a", "a", true},
		{strings.Repeat("a", 64), strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), "", false},
		{"", "", false},
		{".info", "", false},
		{"info-", "", false},
		{"a..b", "", false},
		{"a.-b", "", false},
		{"a b", "", false},
		{"a@b", "", false},
		{"мектеп", "", false},
		{"a:b", "", false},
		{"a/b", "", false},
	} {
		got, err := NormalizeMailboxLocalPart("local_part", c.in)
		if c.ok != (err == nil) || got != c.want {
			t.Errorf("%q: %q %v", c.in, got, err)
		}
		if err != nil && (AsError(err).Field != "local_part" || AsError(err).Code != EInvalid) {
			t.Errorf("%q: %v does not name the field", c.in, err)
		}
	}
}

func TestNewMailboxPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p := NewMailboxPassword()
		if len(p) != 16 || strings.Trim(p, mailboxPasswordAlphabet) != "" || seen[p] {
			t.Fatalf("password %q", p)
		}
		seen[p] = true
	}
}
