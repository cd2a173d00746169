package eds_test

import (
	"crypto"
	"crypto/rsa"
	"testing"

	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/eds/gost"
)

// BenchmarkVerify measures whole CMS verification (parse, digest, signature, chain, CRL from
// the cache) beside the bare signature check of the same algorithm in the same run; the
// ratio of the two is the overhead of everything around the mathematics. The figures are in
// docs/benchmarks.md.
func BenchmarkVerify(b *testing.B) {
	for _, kind := range []edstest.Kind{edstest.RSA, edstest.GOST512} {
		ca := pkiOf(kind).ca
		srv := edstest.NewServer(ca)
		url := srv.PublishCRL("ca.crl", ca.CRL(nil, edstest.CRLOptions{Number: 1}))
		tpl := person(kind)
		tpl.CRL = []string{url}
		signer := ca.Issue(tpl)
		signed := signer.Sign(ballot, edstest.SignOptions{Detached: true})
		v := &eds.Verifier{Roots: allRoots(), Revocation: &eds.CRLChecker{}, Policy: eds.Policy{RequireRevocation: true}}
		in := eds.Input{CMS: signed.DER, Content: ballot}
		if res, err := v.Verify(b.Context(), in); err != nil || !res.Valid {
			b.Fatalf("%v %+v", err, res)
		}
		b.Run(kindName(kind)+"/cms", func(b *testing.B) {
			for b.Loop() {
				if res, _ := v.Verify(b.Context(), in); !res.Valid {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(kindName(kind)+"/bare", func(b *testing.B) {
			digest := signer.Key.Hash(signed.SignedAttrs)
			for b.Loop() {
				if kind == edstest.RSA {
					if rsa.VerifyPKCS1v15(&signer.Key.RSA.PublicKey, crypto.SHA256, digest, signed.Signature) != nil {
						b.Fatal("invalid")
					}
				} else if !gost.Verify(signer.Key.Pub, digest, gost.Reverse(signed.Signature)) {
					b.Fatal("invalid")
				}
			}
		})
		if srv.Fetches.Load() != 1 {
			b.Errorf("%d CRL downloads, want 1", srv.Fetches.Load())
		}
		srv.Close()
	}
}
