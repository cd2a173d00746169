package eds_test

import (
	"context"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

// TestRevocationByCRL serves a full and a delta CRL made by the test CA from a real HTTP
// server and checks good, revoked, delta-revoked, cached and unreachable answers.
func TestRevocationByCRL(t *testing.T) {
	for _, kind := range []edstest.Kind{edstest.GOST512, edstest.RSA} {
		t.Run(kindName(kind), func(t *testing.T) {
			ca := pkiOf(kind).ca
			srv := edstest.NewServer(ca)
			defer srv.Close()
			fullURL, deltaURL := srv.URL+"/crl/full.crl", srv.URL+"/crl/delta.crl"
			issue := func() *edstest.Holder {
				tpl := person(kind)
				tpl.CRL, tpl.DeltaCRL = []string{fullURL}, []string{deltaURL}
				return ca.Issue(tpl)
			}
			good, revoked, revokedLater, inDelta := issue(), issue(), issue(), issue()
			past := time.Now().Add(-time.Minute)
			srv.PublishCRL("full.crl", ca.CRL([]edstest.Revoked{
				{Serial: revoked.Cert.SerialNumber, At: past},
				{Serial: revokedLater.Cert.SerialNumber, At: time.Now().Add(time.Hour)},
			}, edstest.CRLOptions{Number: 10}))
			srv.PublishCRL("delta.crl", ca.CRL([]edstest.Revoked{{Serial: inDelta.Cert.SerialNumber, At: past}},
				edstest.CRLOptions{Number: 11, BaseNumber: 10}))

			crls := &eds.CRLChecker{}
			v := &eds.Verifier{Roots: allRoots(), Revocation: crls, Policy: eds.Policy{RequireRevocation: true}}
			verify := func(h *edstest.Holder) eds.Signer {
				return check(t, v, eds.Input{CMS: h.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
			}
			s := verify(good)
			wantValid(t, s)
			if s.Revocation != eds.StatusGood {
				t.Errorf("good: %s", s.Revocation)
			}
			fetches := srv.Fetches.Load()
			if fetches != 2 {
				t.Errorf("%d CRL downloads, want 2 (full and delta)", fetches)
			}
			s = verify(revoked)
			wantCode(t, s, eds.CodeRevoked)
			if s.Revocation != eds.StatusRevoked || !s.SignatureValid {
				t.Errorf("revoked: %+v", s)
			}
			wantCode(t, verify(inDelta), eds.CodeRevoked)
			// Revoked only after the verification time: good then.
			if s := verify(revokedLater); !s.Valid() {
				t.Errorf("revoked later: %v", s.Errors)
			}
			if got := srv.Fetches.Load(); got != fetches {
				t.Errorf("CRLs downloaded again (%d → %d) before their nextUpdate", fetches, got)
			}
			// A CRL signed by another CA is not believed: unknown, refused by the policy.
			other := pkiOf(edstest.GOST256).ca
			srv.PublishCRL("full.crl", other.CRL(nil, edstest.CRLOptions{Number: 12}))
			fresh := &eds.CRLChecker{}
			v2 := &eds.Verifier{Roots: allRoots(), Revocation: fresh, Policy: eds.Policy{RequireRevocation: true}}
			s = check(t, v2, eds.Input{CMS: revoked.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
			if s.Revocation != eds.StatusUnknown {
				t.Errorf("foreign CRL: %s", s.Revocation)
			}
			wantCode(t, s, eds.CodeRevocationUnknown)
		})
	}
}

// TestCRLCacheExpires checks that a CRL past its nextUpdate is fetched again.
func TestCRLCacheExpires(t *testing.T) {
	ca := pkiOf(edstest.GOST512).ca
	srv := edstest.NewServer(ca)
	defer srv.Close()
	url := srv.PublishCRL("full.crl", ca.CRL(nil, edstest.CRLOptions{Number: 1, NextUpdate: time.Now().Add(time.Hour)}))
	tpl := person(edstest.GOST512)
	tpl.CRL = []string{url}
	leaf := ca.Issue(tpl)
	now := time.Now()
	crls := &eds.CRLChecker{Now: func() time.Time { return now }}
	ctx := context.Background()
	for range 3 {
		if st, err := crls.Status(ctx, leaf.Cert, ca.Cert, time.Now()); st != eds.StatusGood {
			t.Fatalf("status %s %v", st, err)
		}
	}
	if n := srv.Fetches.Load(); n != 1 {
		t.Fatalf("%d downloads, want 1", n)
	}
	now = now.Add(2 * time.Hour)
	// The server still has the old CRL: stale, so unknown, after one more download.
	if st, _ := crls.Status(ctx, leaf.Cert, ca.Cert, time.Now()); st != eds.StatusUnknown {
		t.Errorf("stale CRL gave %s", st)
	}
	if n := srv.Fetches.Load(); n != 2 {
		t.Errorf("%d downloads, want 2", n)
	}
}

func TestRevocationByOCSP(t *testing.T) {
	for _, kind := range []edstest.Kind{edstest.RSA, edstest.GOST512} {
		t.Run(kindName(kind), func(t *testing.T) {
			ca := pkiOf(kind).ca
			srv := edstest.NewServer(ca)
			defer srv.Close()
			tpl := person(kind)
			tpl.OCSP = []string{srv.OCSPURL()}
			good, revoked := ca.Issue(tpl), ca.Issue(tpl)
			srv.Revoke(revoked.Cert.SerialNumber, time.Now().Add(-time.Minute))
			v := &eds.Verifier{Roots: allRoots(),
				Revocation: eds.Checkers{&eds.CRLChecker{}, &eds.OCSPChecker{}}}
			s := check(t, v, eds.Input{CMS: good.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
			wantValid(t, s)
			if s.Revocation != eds.StatusGood {
				t.Errorf("good: %s", s.Revocation)
			}
			s = check(t, v, eds.Input{CMS: revoked.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
			wantCode(t, s, eds.CodeRevoked)
			if srv.Asks.Load() != 2 {
				t.Errorf("%d OCSP requests, want 2", srv.Asks.Load())
			}
			// The same answer from a responder of another CA does not verify: unknown.
			foreign := edstest.NewServer(pkiOf(edstest.GOST256).ca)
			defer foreign.Close()
			foreign.Revoke(revoked.Cert.SerialNumber, time.Now().Add(-time.Minute))
			tpl.OCSP = []string{foreign.OCSPURL()}
			leaf := ca.Issue(tpl)
			st, err := (&eds.OCSPChecker{}).Status(context.Background(), leaf.Cert, ca.Cert, time.Now())
			if st != eds.StatusUnknown || err == nil {
				t.Errorf("foreign responder: %s %v", st, err)
			}
		})
	}
}
