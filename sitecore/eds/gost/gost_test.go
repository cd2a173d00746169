package gost

import (
	"bufio"
	"encoding/hex"
	"math/big"
	"os"
	"strings"
	"testing"
)

// loadVectors reads ../testdata/vectors.txt into sections of key = value lines.
func loadVectors(t testing.TB) map[string]map[string]string {
	t.Helper()
	f, err := os.Open("../testdata/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string]string{}
	var cur map[string]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			cur = map[string]string{}
			out[strings.Trim(line, "[]")] = cur
		case cur != nil:
			k, v, ok := strings.Cut(line, "=")
			if ok {
				cur[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	if len(out) < 6 {
		t.Fatalf("vectors.txt: %d sections", len(out))
	}
	return out
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q: %v", s, err)
	}
	return b
}

func bigHex(t testing.TB, s string) *big.Int {
	t.Helper()
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		t.Fatalf("int %q", s)
	}
	return n
}

func curveFromSection(t *testing.T, sec map[string]string, name string) *Curve {
	return &Curve{Name: name, P: bigHex(t, sec["p"]), A: bigHex(t, sec["a"]), B: bigHex(t, sec["b"]),
		Q: bigHex(t, sec["q"]), X: bigHex(t, sec["Gx"]), Y: bigHex(t, sec["Gy"])}
}

// checkCurve asserts what makes a parameter set usable: G on the curve and q·G = O.
func checkCurve(t *testing.T, c *Curve) {
	t.Helper()
	if !c.IsOnCurve(c.X, c.Y) {
		t.Errorf("%s: G is not on the curve", c.Name)
	}
	if x, y := c.ScalarBaseMult(c.Q); x.Sign() != 0 || y.Sign() != 0 {
		t.Errorf("%s: q·G is not the point at infinity", c.Name)
	}
	if x, _ := c.ScalarBaseMult(new(big.Int).Sub(c.Q, big.NewInt(1))); x.Cmp(c.X) != 0 {
		t.Errorf("%s: (q-1)·G has another x than G", c.Name)
	}
}

func TestRFC7091Examples(t *testing.T) {
	v := loadVectors(t)
	for _, name := range []string{"RFC7091-Example1-256", "RFC7091-Example2-512"} {
		t.Run(name, func(t *testing.T) {
			sec := v[name]
			c := curveFromSection(t, sec, name)
			checkCurve(t, c)
			d := bigHex(t, sec["d"])
			qx, qy := c.ScalarBaseMult(d)
			if qx.Cmp(bigHex(t, sec["Qx"])) != 0 || qy.Cmp(bigHex(t, sec["Qy"])) != 0 {
				t.Fatalf("d·G = (%x, %x)", qx, qy)
			}
			pub := &PublicKey{Curve: c, X: qx, Y: qy}
			e, r, s := bigHex(t, sec["e"]), bigHex(t, sec["r"]), bigHex(t, sec["s"])
			// Signing with the published k must give the published (r, s).
			gr, gs := signWithK(c, d, e, bigHex(t, sec["k"]))
			if gr.Cmp(r) != 0 || gs.Cmp(s) != 0 {
				t.Errorf("sign with k = (%x, %x)", gr, gs)
			}
			if !VerifyInt(pub, e, r, s) {
				t.Fatal("published signature refused")
			}
			// The digest-based API takes e as little-endian bytes.
			digest := Reverse(e.FillBytes(make([]byte, c.Size())))
			if !Verify(pub, digest, EncodeSignature(c, r, s)) {
				t.Error("Verify with the digest bytes refused")
			}
			bad := []struct {
				what    string
				e, r, s *big.Int
			}{
				{"e+1", new(big.Int).Add(e, big.NewInt(1)), r, s},
				{"r+1", e, new(big.Int).Add(r, big.NewInt(1)), s},
				{"s+1", e, r, new(big.Int).Add(s, big.NewInt(1))},
				{"r=0", e, new(big.Int), s},
				{"s=q", e, r, c.Q},
				{"r and s swapped", e, s, r},
			}
			for _, b := range bad {
				if VerifyInt(pub, b.e, b.r, b.s) {
					t.Errorf("%s accepted", b.what)
				}
			}
		})
	}
}

func TestNamedCurves(t *testing.T) {
	v := loadVectors(t)
	want := curveFromSection(t, v["tc26-512-paramSetA"], "vectors")
	for _, f := range []struct {
		name string
		a, b *big.Int
	}{{"p", want.P, Tc26512A.P}, {"a", want.A, Tc26512A.A}, {"b", want.B, Tc26512A.B},
		{"q", want.Q, Tc26512A.Q}, {"x", want.X, Tc26512A.X}, {"y", want.Y, Tc26512A.Y}} {
		if f.a.Cmp(f.b) != 0 {
			t.Errorf("tc26-512-A %s differs from vectors.txt", f.name)
		}
	}
	for _, c := range []*Curve{Tc26512A, Tc26512B, Tc26256A, CryptoProA} {
		checkCurve(t, c)
	}
	for _, oid := range []string{"1.2.398.3.10.1.1.2.2.1", "1.2.643.7.1.2.1.2.1"} {
		if c := CurveByOID(parseOID(t, oid)); c != Tc26512A {
			t.Errorf("CurveByOID(%s) = %v", oid, c)
		}
	}
	if CurveByOID(parseOID(t, "1.2.398.3.10.1.1.2.1.1")) != Tc26256A || CurveByOID(parseOID(t, "1.2.3")) != nil {
		t.Error("CurveByOID 256 / unknown")
	}
}

// TestNCASignature checks the real NCA GOST-512 signature of vectors.txt section 4 with the
// byte conventions NCA uses, and that each wrong convention fails.
func TestNCASignature(t *testing.T) {
	sec := loadVectors(t)["KZ-CMS-signer0"]
	attrs := unhex(t, sec["signed_attrs_der_bytes"])
	h := Streebog512(attrs)
	if want := unhex(t, sec["H_bytes"]); string(h) != string(want) {
		t.Fatalf("H = %x", h)
	}
	if e := DigestToInt(Tc26512A, h); e.Cmp(bigHex(t, sec["e_int"])) != 0 {
		t.Fatalf("e = %x", e)
	}
	pub, err := ParsePublicKey(Tc26512A, unhex(t, sec["pubkey_octets_bytes"]))
	if err != nil {
		t.Fatal(err)
	}
	if pub.X.Cmp(bigHex(t, sec["Qx_int"])) != 0 || pub.Y.Cmp(bigHex(t, sec["Qy_int"])) != 0 {
		t.Fatal("public key decoded wrongly")
	}
	if string(pub.Bytes()) != string(unhex(t, sec["pubkey_octets_bytes"])) {
		t.Error("Bytes does not round-trip")
	}
	ncaSig := unhex(t, sec["signature_bytes"])
	r, s, _ := DecodeSignature(Tc26512A, Reverse(ncaSig))
	if r.Cmp(bigHex(t, sec["r_int"])) != 0 || s.Cmp(bigHex(t, sec["s_int"])) != 0 {
		t.Fatal("r, s decoded wrongly")
	}
	if !Verify(pub, h, Reverse(ncaSig)) {
		t.Fatal("NCA signature refused")
	}
	// One flipped bit in every byte (a different bit each time) must be refused.
	for i := 0; i < len(ncaSig)*8; i += 9 {
		flipped := append([]byte(nil), ncaSig...)
		flipped[i/8] ^= 1 << (i % 8)
		if Verify(pub, h, Reverse(flipped)) {
			t.Fatalf("bit %d flipped: accepted", i)
		}
	}
	if Verify(pub, Reverse(h), Reverse(ncaSig)) {
		t.Error("big-endian e accepted")
	}
	if Verify(pub, h, ncaSig) {
		t.Error("signature read as s_BE‖r_BE accepted")
	}
	n := Tc26512A.Size()
	if Verify(pub, h, append(append([]byte(nil), Reverse(ncaSig)[n:]...), Reverse(ncaSig)[:n]...)) {
		t.Error("signature read as r_BE‖s_BE accepted")
	}
	bad := append([]byte(nil), unhex(t, sec["pubkey_octets_bytes"])...)
	bad[0] ^= 1
	if _, err := ParsePublicKey(Tc26512A, bad); err == nil {
		t.Error("point off the curve accepted")
	}
	if _, err := ParsePublicKey(Tc26512A, bad[:10]); err == nil {
		t.Error("short key accepted")
	}
}

// signWithK is RFC 7091 section 6.1 with a given k: r = x(k·G) mod q, s = r·d + k·e mod q.
func signWithK(c *Curve, d, e, k *big.Int) (r, s *big.Int) {
	x, _ := c.ScalarBaseMult(k)
	r = new(big.Int).Mod(x, c.Q)
	s = new(big.Int).Mul(r, d)
	s.Add(s, new(big.Int).Mul(k, e)).Mod(s, c.Q)
	return r, s
}

func BenchmarkVerify512(b *testing.B) {
	sec := loadVectors(b)["KZ-CMS-signer0"]
	pub, _ := ParsePublicKey(Tc26512A, unhex(b, sec["pubkey_octets_bytes"]))
	h, sig := unhex(b, sec["H_bytes"]), Reverse(unhex(b, sec["signature_bytes"]))
	for b.Loop() {
		if !Verify(pub, h, sig) {
			b.Fatal("refused")
		}
	}
}
