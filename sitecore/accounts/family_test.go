package accounts

import "testing"

func TestParsePhone(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"  ":                 "",
		"+7 701 234 56 78":   "+77012345678",
		"+7 (747) 123-45-67": "+77471234567",
		"87012345678":        "+77012345678",
		"8 (701) 234-56-78":  "+77012345678",
	} {
		if got, err := ParsePhone("phone", in); err != nil || got != want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"+7 123 456 78 90",  // not a mobile (7xx) number
		"8 701 12",          // too short
		"+7 701 234 56 789", // too long
		"+8 701 234 56 78",  // +8 is not Kazakhstan
		"7 701 234 56 78",   // without + it must start with 8
		"+49 30 1234567",    // another country
		"+7 701 234 56 78x", // a letter
		"+7 701 234+56 78",  // a plus inside
		"=1+1",              // a formula
	} {
		if _, err := ParsePhone("phone", in); err == nil {
			t.Errorf("ParsePhone(%q) accepted", in)
		}
	}
}
