package eds_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

// testPKI is a root and an issuing CA of one kind, like NCA's "root → ҰКО" pair.
type testPKI struct {
	root, ca *edstest.Holder
}

var (
	pkiOnce sync.Once
	pkis    map[edstest.Kind]testPKI
)

// pkiOf returns the shared test PKI of a kind; keys are made once per test binary, since
// GOST key generation and RSA-2048 cost real time.
func pkiOf(kind edstest.Kind) testPKI {
	pkiOnce.Do(func() {
		pkis = map[edstest.Kind]testPKI{}
		for _, k := range []edstest.Kind{edstest.RSA, edstest.GOST512, edstest.GOST256} {
			root := edstest.NewRoot(k, "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ TEST")
			ca := root.Issue(edstest.Template{Kind: k, CommonName: "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ TEST", IsCA: true,
				NotBefore: time.Now().Add(-365 * 24 * time.Hour), NotAfter: time.Now().Add(5 * 365 * 24 * time.Hour)})
			pkis[k] = testPKI{root, ca}
		}
	})
	return pkis[kind]
}

// allRoots is a pool with the three test roots and their CAs.
func allRoots() *eds.Pool {
	p := eds.NewPool()
	for _, k := range []edstest.Kind{edstest.RSA, edstest.GOST512, edstest.GOST256} {
		p.Add(pkiOf(k).root.Cert)
		p.Add(pkiOf(k).ca.Cert)
	}
	return p
}

func person(kind edstest.Kind) edstest.Template {
	return edstest.Individual(kind, "990106300596", "ТЕСТОВ", "ТЕСТ")
}

func kindName(k edstest.Kind) string {
	return map[edstest.Kind]string{edstest.RSA: "rsa", edstest.GOST512: "gost2015-512", edstest.GOST256: "gost2015-256"}[k]
}

// check verifies one CMS and returns its only signer.
func check(t *testing.T, v *eds.Verifier, in eds.Input) eds.Signer {
	t.Helper()
	res, err := v.Verify(context.Background(), in)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if len(res.Signers) != 1 {
		t.Fatalf("%d signers", len(res.Signers))
	}
	s := res.Signers[0]
	if res.Valid != s.Valid() {
		t.Errorf("Result.Valid %v with signer errors %v", res.Valid, s.Errors)
	}
	return s
}

// wantCodes asserts that the signer failed with code (among possibly others).
func wantCode(t *testing.T, s eds.Signer, code string) {
	t.Helper()
	if !slices.Contains(s.Errors, code) {
		t.Errorf("errors %v, want %s", s.Errors, code)
	}
}

func wantValid(t *testing.T, s eds.Signer) {
	t.Helper()
	if !s.Valid() || !s.SignatureValid || !s.DigestMatches || !s.CertificateValidAtSigning || !s.ChainValid {
		t.Errorf("signer not valid: %+v", s)
	}
}
