package sitecore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"testing"
)

// fakeTXT answers every lookup with the same records and error, remembering the name asked.
type fakeTXT struct {
	records []string
	err     error
	asked   string
}

func (f *fakeTXT) LookupTXT(_ context.Context, name string) ([]string, error) {
	f.asked = name
	return f.records, f.err
}

func TestDomainChallengeName(t *testing.T) {
	tests := []struct{ host, want string }{
		{"school.kz", "_mektep-challenge.school.kz"},
		{"School.KZ.", "_mektep-challenge.school.kz"},
		{" www.school.edu.kz ", "_mektep-challenge.www.school.edu.kz"},
	}
	for _, tt := range tests {
		if got := DomainChallengeName(tt.host); got != tt.want {
			t.Errorf("DomainChallengeName(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
	if DomainChallengePrefix != "_mektep-challenge." {
		t.Errorf("DomainChallengePrefix = %q", DomainChallengePrefix)
	}
}

func TestNewDomainChallenge(t *testing.T) {
	re := regexp.MustCompile(`^mektep-verify=[0-9a-f]{32}$`)
	seen := map[string]bool{}
	for range 100 {
		c := NewDomainChallenge()
		if !re.MatchString(c) {
			t.Fatalf("NewDomainChallenge() = %q", c)
		}
		if seen[c] {
			t.Fatalf("NewDomainChallenge repeated %q", c)
		}
		seen[c] = true
	}
}

func TestVerifyDomainChallengeResults(t *testing.T) {
	const want = "mektep-verify=0123456789abcdef0123456789abcdef"
	notFound := &net.DNSError{Err: "no such host", Name: "_mektep-challenge.school.kz.", IsNotFound: true}
	tests := []struct {
		name    string
		records []string
		err     error
		code    string
	}{
		{"exact", []string{want}, nil, ""},
		{"among others", []string{"google-site-verification=x", want, "v=spf1 -all"}, nil, ""},
		{"quoted", []string{`"` + want + `"`}, nil, ""},
		{"spaces and quotes", []string{"  \" " + want + " \"\t"}, nil, ""},
		{"no records", nil, nil, EConflict},
		{"empty record", []string{""}, nil, EConflict},
		{"prefix only", []string{want[:20]}, nil, EConflict},
		{"longer", []string{want + "0"}, nil, EConflict},
		{"other case", []string{"MEKTEP-VERIFY=0123456789ABCDEF0123456789ABCDEF"}, nil, EConflict},
		{"single quotes are not stripped", []string{"'" + want + "'"}, nil, EConflict},
		{"NXDOMAIN", nil, notFound, EConflict},
		{"NXDOMAIN wrapped", nil, fmt.Errorf("lookup: %w", notFound), EConflict},
		{"timeout", nil, &net.DNSError{Err: "i/o timeout", IsTimeout: true}, EUnavailable},
		{"server failure", nil, &net.DNSError{Err: "server misbehaving", IsTemporary: true}, EUnavailable},
		{"context deadline", nil, context.DeadlineExceeded, EUnavailable},
		{"other error", nil, errors.New("boom"), EUnavailable},
		{"records with an error", []string{want}, errors.New("boom"), EUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeTXT{records: tt.records, err: tt.err}
			err := VerifyDomainChallenge(t.Context(), f, "School.kz", want)
			if f.asked != "_mektep-challenge.school.kz" {
				t.Errorf("looked up %q", f.asked)
			}
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("VerifyDomainChallenge = %v (code %q), want code %q", err, got, tt.code)
			}
			if err == nil {
				return
			}
			e := AsError(err)
			if e.Op == "" {
				t.Error("error has no Op")
			}
			switch tt.code {
			case EConflict:
				if e.Key != "domain.challenge_missing" || e.Args["name"] != "_mektep-challenge.school.kz" || e.Args["value"] != want {
					t.Errorf("error = %q %v", e.Key, e.Args)
				}
				for _, l := range []Lang{Kazakh, Russian, English} {
					m := Message(l, e.Key, e.Args)
					if !regexp.MustCompile(`_mektep-challenge\.school\.kz\b.*` + regexp.QuoteMeta(want)).MatchString(m) {
						t.Errorf("%s message %q does not name the record and value", l, m)
					}
				}
			case EUnavailable:
				if e.Key != "unavailable" || e.Args["dependency"] != "dns" || !errors.Is(err, tt.err) {
					t.Errorf("error = %+v, want unavailable dns wrapping the cause", e)
				}
			}
		})
	}

	// An empty expected value is a bug of the caller, not a match for an empty record.
	err := VerifyDomainChallenge(t.Context(), &fakeTXT{records: []string{""}}, "school.kz", "  ")
	if ErrorCode(err) != EInternal {
		t.Errorf("empty want: %v, want an internal error", err)
	}
}
