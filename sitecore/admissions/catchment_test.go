package admissions

import (
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
