package admissions

import (
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestParseName(t *testing.T) {
	long := ""
	for range 101 {
		long += "а"
	}
	for _, tc := range []struct {
		in, want, key string
	}{
		{"  Әлихан   Қасымұлы ", "Әлихан Қасымұлы", ""},
		{"Анна-Мария О’Коннор", "Анна-Мария О’Коннор", ""},
		{"D'Artagnan", "D'Artagnan", ""},
		{"Іңкәр Бекова", "Іңкәр Бекова", ""},
		{"Ёлка", "Ёлка", ""},
		{"Е\u0308лка", "Ёлка", ""}, // Е + combining diaeresis becomes Ё
		{"=HYPERLINK(\"http://evil.example\",\"click\")", "", "admission.name_chars"},
		{"Бала 7", "", "admission.name_chars"},
		{"Ωμέγα", "", "admission.name_chars"},
		{"- ' -", "", "admission.name_chars"},
		{"", "", "field.required"},
		{"   ", "", "field.required"},
		{long, "", "field.too_long"},
	} {
		got, err := ParseName("child_name", tc.in)
		switch {
		case tc.key == "" && (err != nil || got != tc.want):
			t.Errorf("ParseName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.key != "" && (err == nil || sitecore.AsError(err).Key != tc.key || sitecore.AsError(err).Field != "child_name"):
			t.Errorf("ParseName(%q) = %q, %v; want %s", tc.in, got, err, tc.key)
		}
	}
}
