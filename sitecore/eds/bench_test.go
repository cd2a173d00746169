package eds_test

import (
	"crypto"
	"crypto/rsa"
	"syscall"
	"testing"
	"time"

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
			defer reportCPU(b)()
			for b.Loop() {
				if res, _ := v.Verify(b.Context(), in); !res.Valid {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(kindName(kind)+"/bare", func(b *testing.B) {
			digest := signer.Key.Hash(signed.SignedAttrs)
			defer reportCPU(b)()
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

// reportCPU adds the metric cpu-ns/op: the process's user and system CPU time per
// operation. On a machine shared with other work, wall-clock ns/op swings with the load;
// CPU time per operation does much less, so the ratios in docs/benchmarks.md use it.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
