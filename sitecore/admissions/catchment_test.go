package admissions

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestTerritoryContains(t *testing.T) {
	tr := NewTerritory([]sitecore.CatchmentRule{
		{Settlement: "г. Алматы", Street: "проспект Абая", HouseFrom: 1, HouseTo: 99, Parity: "odd"},
		{Settlement: "Алматы қаласы", Street: "Сәтпаев көшесі", HouseFrom: 2, HouseTo: 40, Parity: "even"},
		{Settlement: "Алматы", Street: "ул. Қабанбай батыр", Houses: []string{"12А", "12/1", "15"}},
		{Settlement: "Алматы", Street: "мкр Самал-2"},
		{Settlement: "Алматы", Street: "ул. 8 Марта", HouseFrom: 1, HouseTo: 20},
		{Settlement: "с. Каскелен", Street: "улица Ёлочная"},
	})
	tests := []struct {
		address string
		want    bool
	}{
		{"Алматы қ., Абай даңғылы, 15", true},
		{"г. Алматы, пр. Абая, д. 15, кв. 7", true},
		{"г.Алматы,пр-т АБАЯ 99", true},
		{"Алматы, Абая 16", false},  // even
		{"Алматы, Абая 101", false}, // beyond the range
		{"Алматы, проспект Абая, 15а", true},
		{"Алматы, Абай даңғылы", false}, // no house for a range
		{"г. Алматы, ул. Сатпаева, 40", true},
		{"Алматы, Сәтпаев көшесі 41", false},
		{"Алматы, ул. Кабанбай батыра, 12 а", true},
		{"Алматы, ул. Кабанбай батыра, 12A", true}, // Latin A
		{"Алматы, Қабанбай батыр көшесі, 12/1", true},
		{"Алматы, ул. Кабанбай батыра, 12", false},
		{"Алматы, ул. Кабанбай батыра, 12/2", false},
		{"Алматы, мкр. Самал-2, д. 33", true},
		{"Алматы, Самал 3, 33", false},
		{"Алматы, улица 8 марта, 12", true},
		{"Алматы, улица 8 марта, 21", false},
		{"Каскелен ауылы, Елочная көшесі, 3", true},
		{"Алматы, улица Ёлочная, 3", false}, // another settlement
		{"Астана қ., Абай даңғылы, 15", false},
		{"Шымкент, ул. Абая 15", false}, // a territory of several settlements needs the settlement
		{"", false},
	}
	for _, tc := range tests {
		if got := tr.Contains(tc.address); got != tc.want {
			t.Errorf("Contains(%q) = %v, want %v", tc.address, got, tc.want)
		}
	}

	// One settlement: an address may leave it out, but not name another one.
	one := NewTerritory([]sitecore.CatchmentRule{{Settlement: "Тараз", Street: "Толе би", HouseFrom: 1, HouseTo: 50}})
	for addr, want := range map[string]bool{"Төле би көшесі 7": true, "Тараз қ., Төле би 7": true, "г. Шымкент, ул. Толе би 7": false} {
		if got := one.Contains(addr); got != want {
			t.Errorf("one settlement: Contains(%q) = %v, want %v", addr, got, want)
		}
	}
	if (&Territory{}).Contains("Тараз, Толе би 7") || NewTerritory(nil).Contains("x") {
		t.Error("an empty territory contains an address")
	}
}

func TestParseHouse(t *testing.T) {
	for in, want := range map[string]string{"12": "12", "12А": "12а", "12 a": "12а", "12/1": "12/1", "12а/1": "12а/1", "12-Б": "12б"} {
		h, ok := ParseHouse(in)
		if !ok || h.String() != want {
			t.Errorf("ParseHouse(%q) = %v %v, want %s", in, h, ok, want)
		}
	}
	for _, in := range []string{"", "А12", "0", "12*", "1234567"} {
		if h, ok := ParseHouse(in); ok {
			t.Errorf("ParseHouse(%q) = %v, want refused", in, h)
		}
	}
}

func TestNormalizeStreet(t *testing.T) {
	want := NormalizeStreet("проспект Абая")
	for _, s := range []string{"Абай даңғылы", "пр. АБАЯ", "  пр-т   Абая ", "Абай даңғ."} {
		if got := NormalizeStreet(s); got != want {
			t.Errorf("NormalizeStreet(%q) = %q, want %q", s, got, want)
		}
	}
	if NormalizeStreet("ул. Ёлочная") != NormalizeStreet("Елочная көшесі") {
		t.Error("ё and е differ")
	}
}

func TestParseCatchment(t *testing.T) {
	header := []string{"Населённый пункт", "Улица", "Дом с", "Дом по", "Чёт/нечёт", "Дома"}
	rules, err := ParseCatchment([][]string{header,
		{"Алматы", "пр. Абая", "1", "99", "Нечёт."},
		{"Алматы", "Сәтпаев көшесі", "2", "40.0", "жұп"},
		{},
		{"  Алматы ", "  ул.   Кабанбай   батыра ", "", "", "", "12А; 12/1, 15"},
		{"Алматы", "мкр Самал-2"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []sitecore.CatchmentRule{
		{Line: 2, Settlement: "Алматы", Street: "пр. Абая", HouseFrom: 1, HouseTo: 99, Parity: "odd"},
		{Line: 3, Settlement: "Алматы", Street: "Сәтпаев көшесі", HouseFrom: 2, HouseTo: 40, Parity: "even"},
		{Line: 5, Settlement: "Алматы", Street: "ул. Кабанбай батыра", Houses: []string{"12а", "12/1", "15"}},
		{Line: 6, Settlement: "Алматы", Street: "мкр Самал-2"},
	}
	if fmt.Sprint(rules) != fmt.Sprint(want) {
		t.Errorf("rules\n%v\nwant\n%v", rules, want)
	}

	_, err = ParseCatchment([][]string{header,
		{"Алматы", "пр. Абая", "1", "99", "odd"},
		{"Алматы", "", "1", "9"},
		{"Алматы", "ул.", "", ""},
		{"Алматы", "Абая", "10", "2"},
		{"Алматы", "Абая", "10", ""},
		{"Алматы", "Абая", "", "", "чёт"},
		{"Алматы", "Абая", "1", "9", "", "12"},
		{"Алматы", "Абая", "-3", "9"},
		{"Алматы", "Абая", "", "", "", "12, А7"},
	})
	var ps CatchmentProblems
	if !errors.As(err, &ps) || sitecore.AsError(err).Field != "file" {
		t.Fatalf("a bad sheet: %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, strconv.Itoa(p.Row)+p.Column+" "+p.Err.Key)
	}
	wantProblems := []string{"3B admission.catchment_street", "4B admission.catchment_street", "5D admission.catchment_range",
		"6D admission.catchment_range", "7E admission.catchment_range", "8F admission.catchment_both",
		"9C admission.catchment_number", "10F admission.catchment_house"}
	if !slices.Equal(got, wantProblems) {
		t.Errorf("problems\n%q\nwant\n%q", got, wantProblems)
	}
	if rows := sitecore.AsError(err).Args["rows"]; rows != "3, 4, 5, 6, 7, 8, 9, 10" {
		t.Errorf("rows %q", rows)
	}
	if _, err := ParseCatchment([][]string{header}); err == nil {
		t.Error("a sheet without streets was accepted")
	}
	if _, err := ParseCatchment(nil); err == nil {
		t.Error("an empty sheet was accepted")
	}
}

// BenchmarkTerritoryContains matches an address against a large city school's territory
// (5,000 rows, the import's limit); Submit does this once per application.
func BenchmarkTerritoryContains(b *testing.B) {
	rules := make([]sitecore.CatchmentRule, 0, MaxCatchmentRows)
	for i := range MaxCatchmentRows {
		rules = append(rules, sitecore.CatchmentRule{Settlement: "Алматы", Street: "улица Тестовая-" + strconv.Itoa(i), HouseFrom: 1, HouseTo: 99, Parity: "odd"})
	}
	tr := NewTerritory(rules)
	b.ResetTimer()
	for b.Loop() {
		if !tr.Contains("г. Алматы, ул. Тестовая-4999, д. 15А, кв. 8") {
			b.Fatal("not inside")
		}
	}
}

// BenchmarkParseName is the peer: another check Submit makes on every application.
func BenchmarkParseName(b *testing.B) {
	for b.Loop() {
		if _, err := ParseName("child_name", "Әлихан Қасымұлы"); err != nil {
			b.Fatal(err)
		}
	}
}
