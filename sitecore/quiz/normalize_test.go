package quiz

import (
	"math"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in            string
		caseSensitive bool
		keyboard      bool
		want          string
	}{
		{"  Hello   World \n", false, false, "hello world"},
		{"Hello", true, false, "Hello"},
		{"", false, false, ""},
		{" \t ", false, false, ""},
		// Cyrillic and Latin look-alikes become one letter, in both cases.
		{"Астана", false, false, "actaha"},
		{"Acтaнa", false, false, "actaha"},
		{"ВОДА", true, false, "BOДA"},
		{"BОДA", true, false, "BOДA"},
		{"ёлка", false, false, "eлka"},
		// й typed as и + combining breve equals й.
		{"и\u0306", false, false, "й"},
		// Kazakh і and Latin i are the same; қ stays қ without the keyboard fold.
		{"тіл", false, false, "tiл"},
		{"қазақ", false, false, "қaзaқ"},
		// With the keyboard fold, Kazakh letters become their Russian-keyboard stand-ins.
		{"Қазақ Әліппесі", false, true, "kaзak aлиппecи"},
		{"ҰЛТТЫҚ", true, true, "YЛTTЫK"},
		{"өнер, ғылым, үй, һ", false, true, "ohep, гылыm, yй, x"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in, tt.caseSensitive, tt.keyboard); got != tt.want {
			t.Errorf("Normalize(%q, %v, %v) = %q, want %q", tt.in, tt.caseSensitive, tt.keyboard, got, tt.want)
		}
	}
	// The same word typed on different layouts normalises the same.
	if Normalize("Қарағанды", false, false) != Normalize("ҚAPAҒAHДЫ", false, false) {
		t.Error("mixed-layout spelling differs")
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3.14", 3.14, true},
		{"3,14", 3.14, true},
		{" -3,14 ", -3.14, true},
		{"−2", -2, true},
		{"+7", 7, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"1e3", 1000, true},
		{"1,5E-2", 0.015, true},
		{"1 000 000", 1e6, true},
		{"1\u00a0000", 1000, true},
		{"1,000", 1, true}, // the comma is a decimal separator
		{"", 0, false},
		{" ", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"1.2.3", 0, false},
		{"1,2.3", 0, false},
		{"1 ,5", 0, false},
		{" 1 000 ", 1000, true},
		{"1  000", 0, false},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"Inf", 0, false},
		{"-Infinity", 0, false},
		{"1e400", 0, false},
		{"1e", 0, false},
		{"e5", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"++1", 0, false},
		{"1-", 0, false},
		{"١٢", 0, false}, // Arabic-Indic digits are not read
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-12) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		x, v, tol float64
		rel       bool
		want      bool
	}{
		{3.15, 3.14, 0.01, false, true},
		{3.13, 3.14, 0.01, false, true},
		{3.151, 3.14, 0.01, false, false},
		{0.1 + 0.2, 0.3, 0, false, true},
		{1e-10, 0, 0, false, false},
		{105, 100, 0.05, true, true},
		{106, 100, 0.05, true, false},
		{-95, -100, 0.05, true, true},
		{math.NaN(), 1, 1, false, false},
		{1, math.NaN(), 1, false, false},
		{math.Inf(1), math.Inf(1), 0, false, false},
		{1, 1, math.Inf(1), false, false},
		{1, 1, -1, false, false},
	}
	for _, tt := range tests {
		if got := Within(tt.x, tt.v, tt.tol, tt.rel); got != tt.want {
			t.Errorf("Within(%v, %v, %v, %v) = %v, want %v", tt.x, tt.v, tt.tol, tt.rel, got, tt.want)
		}
	}
}
