package gost

import (
	"math/big"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchCurves are the named parameter sets, in the order the benchmarks report them.
var benchCurves = []*Curve{Tc26512A, Tc26512B, Tc26256A, CryptoProA}

// benchSignature returns a key and a valid signature (RFC 4491 layout) of a fixed digest on
// c, made with fixed d and k so that every run measures the same work.
func benchSignature(c *Curve) (pub *PublicKey, digest, sig []byte) {
	d := new(big.Int).SetBytes(Streebog512([]byte("bench key " + c.Name)))
	d.Mod(d, c.Q)
	k := new(big.Int).SetBytes(Streebog512([]byte("bench nonce " + c.Name)))
	k.Mod(k, c.Q)
	digest = Streebog512([]byte("bench ballot"))[:c.Size()]
	x, y := c.ScalarBaseMult(d)
	r, s := signWithK(c, d, DigestToInt(c, digest), k)
	return &PublicKey{Curve: c, X: x, Y: y}, digest, EncodeSignature(c, r, s)
}

// BenchmarkVerify measures one signature verification on each named curve; the figures are
// in docs/benchmarks.md.
func BenchmarkVerify(b *testing.B) {
	for _, c := range benchCurves {
		pub, digest, sig := benchSignature(c)
		b.Run(c.Name, func(b *testing.B) {
			Verify(pub, digest, sig) // builds the curve's tables outside the measurement
			defer reportCPU(b)()
			for b.Loop() {
				if !Verify(pub, digest, sig) {
					b.Fatal("refused")
				}
			}
		})
	}
}

// BenchmarkStreebog hashes inputs of the sizes verification meets: signed attributes of a
// CMS (about 300 bytes) and a ballot of a few kilobytes.
func BenchmarkStreebog(b *testing.B) {
	for _, n := range []int{300, 4096} {
		data := make([]byte, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			defer reportCPU(b)()
			for b.Loop() {
				Streebog512(data)
			}
		})
	}
}

// reportCPU adds the metric cpu-ns/op, the process's CPU time per operation, which a shared
// and loaded machine disturbs much less than wall-clock ns/op.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
