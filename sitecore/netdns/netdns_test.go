package netdns_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/netdns"
)

// The resolver must satisfy the interface domain verification uses.
var _ sitecore.TXTResolver = (*netdns.Resolver)(nil)

func startDNS(t *testing.T) (*devstack.DNSServer, *netdns.Resolver) {
	t.Helper()
	srv, err := devstack.StartDNSServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if !strings.HasPrefix(srv.Addr, "127.0.0.1:") || strings.HasSuffix(srv.Addr, ":0") {
		t.Fatalf("server address %q", srv.Addr)
	}
	r := netdns.New(srv.Addr)
	if r.Server() != srv.Addr {
		t.Fatalf("Server() = %q, want %q", r.Server(), srv.Addr)
	}
	return srv, r
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestLookupTXT(t *testing.T) {
	srv, r := startDNS(t)
	long := strings.Repeat("0123456789", 60) // 600 bytes: three strings in one record
	srv.SetTXT("_mektep-challenge.school.kz", "mektep-verify=abc", "v=spf1 -all")
	srv.SetTXT("Long.Example.KZ.", long)
	srv.SetTXT("spaces.kz", `  "quoted value"  `, "")
	srv.SetTXT("nodata.kz")

	tests := []struct {
		name     string
		query    string
		want     []string
		notFound bool
	}{
		{"two records", "_mektep-challenge.school.kz", []string{"mektep-verify=abc", "v=spf1 -all"}, false},
		{"query is case-insensitive", "_MEKTEP-Challenge.School.KZ", []string{"mektep-verify=abc", "v=spf1 -all"}, false},
		{"trailing dot", "_mektep-challenge.school.kz.", []string{"mektep-verify=abc", "v=spf1 -all"}, false},
		{"set name is normalised", "long.example.kz", []string{long}, false},
		{"values kept byte for byte", "spaces.kz", []string{`  "quoted value"  `, ""}, false},
		{"NXDOMAIN", "_mektep-challenge.other.kz", nil, true},
		{"parent of a set name", "school.kz", nil, true},
		{"name without TXT records", "nodata.kz", nil, true},
		{"single label", "localhost-nope", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.LookupTXT(ctxTimeout(t, 5*time.Second), tt.query)
			if tt.notFound {
				var de *net.DNSError
				if !errors.As(err, &de) || !de.IsNotFound {
					t.Fatalf("LookupTXT(%q) = %q, %v; want a not-found *net.DNSError", tt.query, got, err)
				}
				if de.IsTimeout {
					t.Errorf("not-found error is also a timeout: %+v", de)
				}
				return
			}
			if err != nil {
				t.Fatalf("LookupTXT(%q): %v", tt.query, err)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("LookupTXT(%q) = %q, want %q", tt.query, got, want)
			}
		})
	}
	if srv.Queries() < int64(len(tests)) {
		t.Errorf("server saw %d queries, want at least %d: the resolver went elsewhere", srv.Queries(), len(tests))
	}

	// Records change and disappear.
	srv.SetTXT("_mektep-challenge.school.kz", "mektep-verify=new")
	if got, err := r.LookupTXT(t.Context(), "_mektep-challenge.school.kz"); err != nil || !slices.Equal(got, []string{"mektep-verify=new"}) {
		t.Errorf("after SetTXT: %q, %v", got, err)
	}
	srv.DeleteTXT("_MEKTEP-challenge.school.kz.")
	var de *net.DNSError
	if _, err := r.LookupTXT(t.Context(), "_mektep-challenge.school.kz"); !errors.As(err, &de) || !de.IsNotFound {
		t.Errorf("after DeleteTXT: %v, want not found", err)
	}
}

func TestDNSServerIgnoresGarbage(t *testing.T) {
	srv, r := startDNS(t)
	srv.SetTXT("a.kz", "ok")
	c, err := net.Dial("udp", srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, junk := range [][]byte{{}, {1}, []byte("not a dns message at all"), make([]byte, 12)} {
		if _, err := c.Write(junk); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := r.LookupTXT(t.Context(), "a.kz"); err != nil || !slices.Equal(got, []string{"ok"}) {
		t.Errorf("after garbage: %q, %v", got, err)
	}
}

func TestDNSServerConcurrent(t *testing.T) {
	srv, r := startDNS(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 8 {
		name := fmt.Sprintf("n%d.kz", i)
		wg.Go(func() {
			for j := range 10 {
				want := fmt.Sprintf("v%d", j)
				srv.SetTXT(name, want)
				got, err := r.LookupTXT(t.Context(), name)
				if err != nil || !slices.Equal(got, []string{want}) {
					errs <- fmt.Errorf("%s: got %q, %v; want %q", name, got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestDNSServerClose(t *testing.T) {
	srv, err := devstack.StartDNSServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.SetTXT("a.kz", "ok")
	r := netdns.New(srv.Addr)
	if _, err := r.LookupTXT(t.Context(), "a.kz"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_, err = r.LookupTXT(ctxTimeout(t, 2*time.Second), "a.kz")
	var de *net.DNSError
	if err == nil || (errors.As(err, &de) && de.IsNotFound) {
		t.Errorf("lookup after Close = %v, want a failure that is not not-found", err)
	}
}

// unreachableDNS returns a local UDP address with nothing listening.
func unreachableDNS(t *testing.T) string {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

// silentDNS returns a local UDP address that receives queries but never answers.
func silentDNS(t *testing.T) string {
	t.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.LocalAddr().String()
}

func TestVerifyDomainChallenge(t *testing.T) {
	srv, r := startDNS(t)
	want := sitecore.NewDomainChallenge()
	srv.SetTXT(sitecore.DomainChallengeName("school.kz"), "v=spf1 -all", want)
	srv.SetTXT(sitecore.DomainChallengeName("quoted.kz"), `  "`+want+`" `)
	srv.SetTXT(sitecore.DomainChallengeName("wrong.kz"), "mektep-verify=00000000000000000000000000000000", want+"x")
	srv.SetTXT(sitecore.DomainChallengeName("nodata.kz"))
	srv.SetTXT("prefixless.kz", want) // the value at the bare domain does not count

	tests := []struct {
		name, host string
		resolver   sitecore.TXTResolver
		code       string
	}{
		{"matching record among others", "school.kz", r, ""},
		{"host in upper case with a dot", "School.KZ.", r, ""},
		{"quotes and spaces around the record", "quoted.kz", r, ""},
		{"only other values", "wrong.kz", r, sitecore.EConflict},
		{"NXDOMAIN", "missing.kz", r, sitecore.EConflict},
		{"name without TXT records", "nodata.kz", r, sitecore.EConflict},
		{"record at the bare domain only", "prefixless.kz", r, sitecore.EConflict},
		{"unreachable server", "school.kz", netdns.New(unreachableDNS(t)), sitecore.EUnavailable},
		{"server that never answers", "school.kz", netdns.New(silentDNS(t)), sitecore.EUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := sitecore.VerifyDomainChallenge(ctxTimeout(t, 700*time.Millisecond), tt.resolver, tt.host, want)
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("took %v; the context deadline was not honoured", elapsed)
			}
			if got := sitecore.ErrorCode(err); got != tt.code {
				t.Fatalf("VerifyDomainChallenge(%q) = %v (code %q), want code %q", tt.host, err, got, tt.code)
			}
			e := sitecore.AsError(err)
			switch tt.code {
			case sitecore.EConflict:
				wantName := "_mektep-challenge." + strings.TrimSuffix(strings.ToLower(tt.host), ".")
				if e.Key != "domain.challenge_missing" || e.Args["name"] != wantName || e.Args["value"] != want {
					t.Errorf("error = key %q args %v, want domain.challenge_missing name %q value %q", e.Key, e.Args, wantName, want)
				}
				msg := sitecore.Message(sitecore.Russian, e.Key, e.Args)
				if !strings.Contains(msg, wantName) || !strings.Contains(msg, want) {
					t.Errorf("message %q does not name the record to create", msg)
				}
			case sitecore.EUnavailable:
				if e.Args["dependency"] != "dns" || e.Err == nil {
					t.Errorf("error = %+v, want dependency dns with the cause", e)
				}
			}
		})
	}
}
