package sitecore

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzParseIIN feeds ParseIIN whatever a form may send. Whatever it accepts is twelve ASCII
// digits with a correct check digit and a real birth date, parses again to itself, and
// never prints in full; whatever it refuses is refused with one of its three keys naming
// the field.
func FuzzParseIIN(f *testing.F) {
	for _, s := range []string{
		"990106300596", "871203350924", "061211600012", "840317000029", " 990106300596\t\n",
		"123456789011", "99010630059", "9901063005961", "99O106300596", "990106300595",
		"000229300000", "990231300596", "990106700596", "٩٩٠١٠٦٣٠٠٥٩٦", "９９０１０６３００５９６",
		"", "            ", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "99010630059\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseIIN("iin", s)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Code != EInvalid || e.Field != "iin" {
				t.Fatalf("ParseIIN(%q): %#v, want an invalid-field error naming iin", s, err)
			}
			switch e.Key {
			case "iin.format", "iin.checksum", "iin.birth_date":
			default:
				t.Fatalf("ParseIIN(%q): key %q", s, e.Key)
			}
			if n != "" {
				t.Fatalf("ParseIIN(%q) refused but returned %q", s, n.Digits())
			}
			return
		}
		d := n.Digits()
		if len(d) != 12 || strings.Trim(d, "0123456789") != "" || d != strings.TrimSpace(s) {
			t.Fatalf("ParseIIN(%q) = %q", s, d)
		}
		if again, err := ParseIIN("iin", d); err != nil || again != n {
			t.Fatalf("ParseIIN(%q) again: %q, %v", d, again.Digits(), err)
		}
		born := n.BirthDate()
		if born.IsZero() || born.Format("060102") != d[:6] || born.Year() > time.Now().Year() {
			t.Fatalf("ParseIIN(%q): birth date %v", s, born)
		}
		sum := 0
		for i := range 11 {
			sum += int(d[i]-'0') * iinWeights[0][i]
		}
		if sum%11 == 10 {
			sum = 0
			for i := range 11 {
				sum += int(d[i]-'0') * iinWeights[1][i]
			}
		}
		if sum%11 != int(d[11]-'0') {
			t.Fatalf("ParseIIN(%q) accepted a wrong check digit", s)
		}
		for _, shown := range []string{n.String(), fmt.Sprintf("%v %d %x %q %#v %s", n, n, n, n, n, n), n.Masked()} {
			if strings.Contains(shown, d[2:10]) {
				t.Fatalf("the IIN %q printed in full: %s", d, shown)
			}
		}
	})
}
