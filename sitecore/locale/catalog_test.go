package locale

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var messageLangs = Core

func TestCatalogComplete(t *testing.T) {
	keys := MessageKeys()
	if len(keys) == 0 {
		t.Fatal("MessageKeys returned nothing")
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, key := range keys {
		var want []string
		for i, l := range messageLangs {
			if !HasMessage(l, key) {
				t.Errorf("key %q has no %s message", key, l)
				continue
			}
			m := Message(l, key, nil)
			if strings.TrimSpace(m) == "" || m == key {
				t.Errorf("key %q in %s: message %q", key, l, m)
			}
			// Every translation must use the same placeholders, or a value goes missing.
			ph := placeholder.FindAllString(m, -1)
			slices.Sort(ph)
			if i == 0 {
				want = ph
			} else if !slices.Equal(ph, want) {
				t.Errorf("key %q: %s placeholders %v, %s has %v", key, l, ph, messageLangs[0], want)
			}
		}
	}
	if HasMessage(English, "no.such.key") {
		t.Error("HasMessage true for an unknown key")
	}
	for _, k := range []string{"internal", "unavailable", "not_found.site", "not_found.page", "slug.taken"} {
		if !slices.Contains(keys, k) {
			t.Errorf("MessageKeys lacks %q", k)
		}
	}
}

func TestMessage(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		key  string
		args map[string]string
		want string
	}{
		{"Kazakh with placeholder", Kazakh, "field.required", map[string]string{"field": "slug"}, "«slug» өрісін толтыру керек."},
		{"Russian with placeholder", Russian, "field.required", map[string]string{"field": "slug"}, "Поле «slug» обязательно."},
		{"English with placeholder", English, "field.required", map[string]string{"field": "slug"}, "The field “slug” is required."},
		{"two placeholders", English, "field.too_long", map[string]string{"field": "names.kk", "max": "200"},
			"The field “names.kk” is too long (at most 200 characters)."},
		{"no args leaves placeholders", English, "field.required", nil, "The field “{field}” is required."},
		{"unused args are ignored", Russian, "forbidden", map[string]string{"field": "x"}, "Недостаточно прав для этого действия."},
		{"values are not expanded again", English, "field.too_long", map[string]string{"field": "{max}", "max": "5"},
			"The field “{max}” is too long (at most 5 characters)."},
		{"language without messages falls back to English", "de", "slug.taken", map[string]string{"value": "abc"},
			"The slug “abc” is already used by another site."},
		{"unknown key falls back to the key", Kazakh, "no.such.key", nil, "no.such.key"},
		{"unknown key with args", Russian, "no.such.key", map[string]string{"value": "x"}, "no.such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Message(tt.lang, tt.key, tt.args); got != tt.want {
				t.Errorf("Message(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
}

func TestMessageFallsBackToEnglishForMissingTranslation(t *testing.T) {
	const key = "test.only_english"
	messages[key] = map[Lang]string{English: "Only {what} in English."}
	t.Cleanup(func() { delete(messages, key) })
	if got := Message(Kazakh, key, map[string]string{"what": "this"}); got != "Only this in English." {
		t.Errorf("Message(kk) = %q, want the English text", got)
	}
	if HasMessage(Kazakh, key) {
		t.Error("HasMessage(kk) true for a key with only English")
	}
}
