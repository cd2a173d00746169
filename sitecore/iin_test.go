package sitecore

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestParseIINValid(t *testing.T) {
	tests := []struct {
		in   string
		want string // digits after trimming
		born string // YYYY-MM-DD
		male bool
	}{
		{"990106300596", "990106300596", "1999-01-06", true},
		{"871203350924", "871203350924", "1987-12-03", true},
		{"061211600012", "061211600012", "2006-12-11", false}, // first weights give 10: second set used
		{"  990106300596\t\n", "990106300596", "1999-01-06", true},
		{"850101100002", "850101100002", "1885-01-01", true},  // 1 = 1800s, male
		{"900101200000", "900101200000", "1890-01-01", false}, // 2 = 1800s, female
		{"000229500008", "000229500008", "2000-02-29", true},  // 2000 is a leap year
		{"231231600005", "231231600005", "2023-12-31", false},
		{"050101500000", "050101500000", "2005-01-01", true},
		{"010101100008", "010101100008", "1801-01-01", true},
		{"840317000029", "840317000029", "1984-03-17", false}, // KZ-FACTS: century digit 0 occurs
	}
	for _, tt := range tests {
		t.Run(strings.TrimSpace(tt.in), func(t *testing.T) {
			n, err := ParseIIN("iin", tt.in)
			if err != nil {
				t.Fatalf("ParseIIN(%q) = %v", tt.in, err)
			}
			if n.Digits() != tt.want {
				t.Errorf("Digits = %q, want %q", n.Digits(), tt.want)
			}
			born, _ := time.Parse(time.DateOnly, tt.born)
			if got := n.BirthDate(); !got.Equal(born) || got.Location() != time.UTC {
				t.Errorf("BirthDate = %v, want %v UTC", got, born)
			}
			if n.Male() != tt.male {
				t.Errorf("Male = %v, want %v", n.Male(), tt.male)
			}
		})
	}
}

func TestParseIINInvalid(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"empty", "", "iin.format"},
		{"spaces only", "   ", "iin.format"},
		{"11 digits", "99010630059", "iin.format"},
		{"13 digits", "9901063005960", "iin.format"},
		{"inner space", "990106 300596", "iin.format"},
		{"dashes", "990106-300596", "iin.format"},
		{"letter", "99010630059O", "iin.format"},
		{"plus sign", "+99010630059", "iin.format"},
		{"fullwidth digits", "９９０１０６３００５９６", "iin.format"},
		{"Arabic-Indic digits", "٩٩٠١٠٦٣٠٠٥٩٦", "iin.format"},
		{"PKI test IIN", "123456789011", "iin.checksum"},
		{"last digit off by one", "990106300597", "iin.checksum"},
		{"swapped digits", "990106300569", "iin.checksum"},
		{"second set needed but last digit is the first set's", "061211600010", "iin.checksum"},
		{"both weight sets give 10", "990106300140", "iin.checksum"},
		{"both weight sets give 10, other last digit", "990106300149", "iin.checksum"},
		{"century digit 7", "990106700006", "iin.birth_date"},
		{"century digit 7", "990106700006", "iin.birth_date"},
		{"century digit 8", "990106800002", "iin.birth_date"},
		{"century digit 9", "990106900009", "iin.birth_date"},
		{"30 February", "990230300005", "iin.birth_date"},
		{"month 13", "991301300003", "iin.birth_date"},
		{"month 00", "990001300011", "iin.birth_date"},
		{"day 32", "990132300002", "iin.birth_date"},
		{"31 April", "990431300008", "iin.birth_date"},
		{"29 February 1900", "000229300005", "iin.birth_date"},
		{"29 February 1900, female", "000229400001", "iin.birth_date"},
		{"born in 2099", "990130600506", "iin.birth_date"}, // found by FuzzParseIIN
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseIIN("person.iin", tt.in)
			if err == nil {
				t.Fatalf("ParseIIN(%q) = %q, want error %s", tt.in, n.Digits(), tt.key)
			}
			if n != "" {
				t.Errorf("ParseIIN(%q) returned %q with the error", tt.in, n.Digits())
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not *Error", err, err)
			}
			if e.Code != EInvalid || e.Key != tt.key || e.Field != "person.iin" {
				t.Errorf("error = code %q key %q field %q, want invalid %q person.iin", e.Code, e.Key, e.Field, tt.key)
			}
			for _, l := range messageLangs {
				if !HasMessage(l, e.Key) {
					t.Errorf("key %q has no %s message", e.Key, l)
				}
			}
		})
	}
}

// The check-digit and date tables above rely on these facts; if one breaks, the test data is
// wrong rather than the code.
func TestIINTestData(t *testing.T) {
	if _, ok := iinCheckDigit("990106300140"); ok {
		t.Error("990106300140 should have no check digit (both weight sets give 10)")
	}
	if d, ok := iinCheckDigit("061211600012"); !ok || d != 2 {
		t.Errorf("check digit of 061211600012 = %d, %v; want 2 from the second weight set", d, ok)
	}
	for _, s := range []string{"990106700006", "990230300005", "000229300005", "990431300008"} {
		if d, ok := iinCheckDigit(s); !ok || d != int(s[11]-'0') {
			t.Errorf("%s: check digit %d, %v; the date test must not fail on the checksum", s, d, ok)
		}
	}
}

func TestIINMasked(t *testing.T) {
	tests := []struct{ in, want string }{
		{"990106300596", "99********96"},
		{"871203350924", "87********24"},
		{"", ""},
		{"1234", "****"},
		{"12345", "12*45"},
	}
	for _, tt := range tests {
		if got := IIN(tt.in).Masked(); got != tt.want {
			t.Errorf("IIN(%q).Masked() = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Accessors on values that did not come from ParseIIN do not panic.
	var zero IIN
	if !zero.BirthDate().IsZero() || zero.Male() {
		t.Errorf("zero IIN: BirthDate %v Male %v", zero.BirthDate(), zero.Male())
	}
	if !IIN("991301300003").BirthDate().IsZero() {
		t.Error("BirthDate of an impossible date is not zero")
	}
}

// TestIINNeverPrinted checks that no ordinary way of formatting or logging an IIN shows it.
func TestIINNeverPrinted(t *testing.T) {
	n, err := ParseIIN("iin", "990106300596")
	if err != nil {
		t.Fatal(err)
	}
	const full, middle = "990106300596", "01063005"
	leaks := func(s string) bool { return strings.Contains(s, full) || strings.Contains(s, middle) }

	type holder struct{ IIN IIN }
	formatted := map[string]string{
		"Sprint":         fmt.Sprint(n),
		"Sprintln":       fmt.Sprintln(n),
		"%v":             fmt.Sprintf("%v", n),
		"%+v":            fmt.Sprintf("%+v", n),
		"%#v":            fmt.Sprintf("%#v", n),
		"%s":             fmt.Sprintf("%s", n),
		"%q":             fmt.Sprintf("%q", n),
		"%x":             fmt.Sprintf("%x", n),
		"%d":             fmt.Sprintf("%d", n),
		"%20s":           fmt.Sprintf("%20s", n),
		"pointer %v":     fmt.Sprintf("%v", &n),
		"struct %v":      fmt.Sprintf("%v", holder{n}),
		"struct %+v":     fmt.Sprintf("%+v", holder{n}),
		"struct %#v":     fmt.Sprintf("%#v", holder{n}),
		"slice %v":       fmt.Sprintf("%v", []IIN{n}),
		"map %v":         fmt.Sprintf("%v", map[string]IIN{"a": n}),
		"error wrapping": fmt.Errorf("user %v: %w", n, errors.New("x")).Error(),
	}
	for name, s := range formatted {
		if leaks(s) {
			t.Errorf("%s prints the IIN: %q", name, s)
		}
		if !strings.Contains(s, "99********96") {
			t.Errorf("%s = %q, want the masked form", name, s)
		}
	}

	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	log.Info("signup", "iin", n)
	log.Info("signup", slog.Any("iin", n))
	log.Info("signup", slog.Any("iin_ptr", &n))
	log.Info("signup", slog.Group("user", slog.Any("iin", n)))
	log.With("iin", n).Debug("with")
	log.Info("signup", "iins", []IIN{n}) // a slice goes through encoding/json
	out := buf.String()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d log lines, want 6:\n%s", len(lines), out)
	}
	for i, line := range lines[:5] {
		if leaks(line) {
			t.Errorf("log line %d prints the IIN: %s", i, line)
		}
		if !strings.Contains(line, `"99********96"`) {
			t.Errorf("log line %d lacks the masked IIN: %s", i, line)
		}
	}
	// Known limit, documented on IIN: reflection-based encoders such as encoding/json (which
	// the JSON handler uses for slices and structs) see the underlying string.
	if !leaks(lines[5]) {
		t.Log("slices of IIN are masked in JSON logs too")
	}

	buf.Reset()
	text := slog.New(slog.NewTextHandler(&buf, nil))
	text.Info("signup", "iin", n)
	if leaks(buf.String()) || !strings.Contains(buf.String(), "iin=99********96") {
		t.Errorf("text handler line = %q", buf.String())
	}

	if n.Digits() != full || string(n) != full {
		t.Errorf("Digits = %q, want the full number for storage", n.Digits())
	}
}
