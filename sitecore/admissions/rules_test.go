package admissions

import (
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestCheckPriorities(t *testing.T) {
	for _, tt := range []struct {
		in         []string
		n          int
		key, field string
	}{
		{nil, 0, "", ""},
		{[]string{"sibling", "orphan"}, 2, "", ""},
		{[]string{"sibling", "vip"}, 0, "admission.priority_unknown", "priorities[1]"},
		{[]string{"staff", "sibling", "staff"}, 0, "admission.priority_duplicate", "priorities[2]"},
	} {
		out, err := checkPriorities(tt.in)
		var key, field string
		if err != nil {
			key, field = sitecore.AsError(err).Key, sitecore.AsError(err).Field
		}
		if key != tt.key || field != tt.field || (err == nil && (out == nil || len(out) != tt.n)) {
			t.Errorf("checkPriorities(%q) = %q, %v; want %d, key %q field %q", tt.in, out, err, tt.n, tt.key, tt.field)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"+7 701 123 45 67", true},
		{"8 (701) 123-45-67", true},
		{"+49 30 1234567", true}, // a parent abroad
		{"87011234567", true},
		{"7011234567", false}, // ten digits without a country code
		{"+7 701 123 45 67 ext 2", false},
		{"7+7011234567", false}, // a plus only first
		{"+123456789", false},   // too short even abroad
		{"", false},
	} {
		if got := validPhone(tt.in); got != tt.ok {
			t.Errorf("validPhone(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

// TestSniffDocument checks that a document's type is told by its content, never its name:
// only PDF, JPEG and PNG.
func TestSniffDocument(t *testing.T) {
	for _, tt := range []struct {
		head string
		ct   string
		ok   bool
	}{
		{"%PDF-1.4\n", "application/pdf", true},
		{"\xFF\xD8\xFF\xE0\x00\x10JFIF", "image/jpeg", true},
		{"\x89PNG\r\n\x1A\n\x00", "image/png", true},
		{"GIF89a", "", false},
		{"PK\x03\x04", "", false}, // a .docx or a zip
		{"%PD", "", false},
		{"", "", false},
	} {
		if ct, ok := sniff([]byte(tt.head)); ct != tt.ct || ok != tt.ok {
			t.Errorf("sniff(%q) = %q, %v; want %q, %v", tt.head, ct, ok, tt.ct, tt.ok)
		}
	}
}
