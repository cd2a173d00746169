package gost

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// testCurves are the named curves and the two example curves of RFC 7091, whose primes
// have no special form and so take the Montgomery path, like tc26-512-B.
func testCurves(t *testing.T) []*Curve {
	v := loadVectors(t)
	return []*Curve{Tc26512A, Tc26512B, Tc26256A, CryptoProA,
		curveFromSection(t, v["RFC7091-Example1-256"], "rfc7091-256"),
		curveFromSection(t, v["RFC7091-Example2-512"], "rfc7091-512")}
}

// randInt returns a random integer of up to bits bits.
func randInt(rng *rand.Rand, bits int) *big.Int {
	buf := make([]byte, (bits+7)/8)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	n := new(big.Int).SetBytes(buf)
	return n.Rsh(n, uint(8*len(buf)-bits))
}

// randScalar returns a scalar of a random length up to two bits longer than Q, with the
// lengths of small and of full-size scalars more likely than the others.
func randScalar(rng *rand.Rand, c *Curve) *big.Int {
	switch rng.IntN(4) {
	case 0:
		return randInt(rng, rng.IntN(12))
	case 1:
		return randInt(rng, c.Q.BitLen()+2)
	}
	return new(big.Int).Mod(randInt(rng, c.Q.BitLen()+8), c.Q)
}

// randNonzero returns a random scalar in [1, Q).
func randNonzero(rng *rand.Rand, c *Curve) *big.Int {
	k := new(big.Int).Mod(randInt(rng, c.Q.BitLen()+8), new(big.Int).Sub(c.Q, big.NewInt(1)))
	return k.Add(k, big.NewInt(1))
}

// randPoint returns a random point of the curve, from a random x with a square root of
// x³ + ax + b. On tc26-256-A (cofactor 4) it is usually outside the subgroup of G.
func randPoint(rng *rand.Rand, c *Curve) (x, y *big.Int) {
	for {
		x = new(big.Int).Mod(randInt(rng, c.P.BitLen()), c.P)
		rhs := new(big.Int).Mul(x, x)
		rhs.Add(rhs, c.A).Mul(rhs, x).Add(rhs, c.B).Mod(rhs, c.P)
		if y = new(big.Int).ModSqrt(rhs, c.P); y != nil {
			if rng.IntN(2) == 0 {
				y.Sub(c.P, y).Mod(y, c.P)
			}
			return x, y
		}
	}
}

// sameResult fails the test when the fixed-size and the math/big arithmetic disagree on
// u1·G + u2·(px, py).
func sameResult(t *testing.T, c *Curve, what string, u1, u2, px, py *big.Int) {
	t.Helper()
	fx, fy, fok := c.ops().mulAdd(u1, u2, px, py)
	bx, by, bok := bigCurve{c}.mulAdd(u1, u2, px, py)
	if fok != bok || fok && (fx.Cmp(bx) != 0 || fy.Cmp(by) != 0) {
		t.Fatalf("%s %s: u1 = %x, u2 = %x, P = (%x, %x): fixed (%x, %x, %v), math/big (%x, %x, %v)",
			c.Name, what, u1, u2, px, py, fx, fy, fok, bx, by, bok)
	}
}

// TestFixedMatchesBig holds the fixed-size arithmetic to the math/big reference on every
// curve: random scalars with random points, the scalars around 0 and Q, and the sums in
// which the accumulator meets a table point (P = ±G, u2 = ±u1), where the addition
// formulas must fall back to a doubling or to the point at infinity.
func TestFixedMatchesBig(t *testing.T) {
	rounds := 16
	if testing.Short() {
		rounds = 4
	}
	for i, c := range testCurves(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(21, uint64(i)))
			if _, ok := c.ops().(bigCurve); ok {
				t.Fatal("the fixed-size arithmetic does not take this curve")
			}
			zero, one := new(big.Int), big.NewInt(1)
			qm1, qp1 := new(big.Int).Sub(c.Q, one), new(big.Int).Add(c.Q, one)
			for _, k := range []*big.Int{zero, one, big.NewInt(2), big.NewInt(3), qm1, c.Q, qp1,
				new(big.Int).Lsh(one, uint(c.Q.BitLen()))} {
				sameResult(t, c, "k·G", k, zero, c.X, c.Y)
				sameResult(t, c, "k·G as a key", zero, k, c.X, c.Y)
			}
			for range rounds {
				u1, u2 := randScalar(rng, c), randScalar(rng, c)
				px, py := randPoint(rng, c)
				sameResult(t, c, "u2·P", zero, u2, px, py)
				sameResult(t, c, "u1·G + u2·P", u1, u2, px, py)
				negGy := new(big.Int).Sub(c.P, c.Y)
				u := new(big.Int).Mod(u1, c.Q)
				sameResult(t, c, "u·G + u·G", u, u, c.X, c.Y)
				sameResult(t, c, "u·G − u·G", u, new(big.Int).Sub(c.Q, u), c.X, c.Y)
				sameResult(t, c, "u1·G + u2·(−G)", u1, u2, c.X, negGy)
				// The key is a small multiple of G, so its table holds points the base's
				// table holds too.
				kx, ky, _ := bigCurve{c}.mulAdd(big.NewInt(int64(1+rng.IntN(40))), zero, c.X, c.Y)
				sameResult(t, c, "u1·G + u2·(k·G)", u1, u2, kx, ky)
				sameResult(t, c, "small u1·G + u2·(k·G)", big.NewInt(int64(rng.IntN(300))),
					big.NewInt(int64(rng.IntN(300))), kx, ky)
				// q·P lies in the subgroup of order dividing the cofactor: the point at
				// infinity, or on tc26-256-A a point of order 2 or 4, whose table of odd
				// multiples repeats itself.
				if tx, ty, ok := (bigCurve{c}).mulAdd(zero, c.Q, px, py); ok {
					sameResult(t, c, "k·T, T of small order", zero, randScalar(rng, c), tx, ty)
					sameResult(t, c, "u1·G + u2·T", u1, u2, tx, ty)
				}
			}
		})
	}
}

// TestFixedScalarMult checks the exported multiplications on the fixed-size path against
// the reference, including negative scalars.
func TestFixedScalarMult(t *testing.T) {
	rng := rand.New(rand.NewPCG(7091, 34102012))
	for _, c := range testCurves(t) {
		for range 4 {
			k := randScalar(rng, c)
			px, py := randPoint(rng, c)
			wx, wy, ok := bigCurve{c}.mulAdd(new(big.Int), k, px, py)
			if !ok {
				wx, wy = new(big.Int), new(big.Int)
			}
			if x, y := c.ScalarMult(px, py, k); x.Cmp(wx) != 0 || y.Cmp(wy) != 0 {
				t.Fatalf("%s: ScalarMult(%x) = (%x, %x), want (%x, %x)", c.Name, k, x, y, wx, wy)
			}
			// −k·(−P) = k·P
			if x, y := c.ScalarMult(px, new(big.Int).Sub(c.P, py), new(big.Int).Neg(k)); x.Cmp(wx) != 0 || y.Cmp(wy) != 0 {
				t.Fatalf("%s: ScalarMult(−P, −k) = (%x, %x), want (%x, %x)", c.Name, x, y, wx, wy)
			}
			gx, gy := c.ScalarBaseMult(k)
			if nx, ny := c.ScalarBaseMult(new(big.Int).Neg(k)); nx.Cmp(gx) != 0 || gx.Sign() != 0 && new(big.Int).Add(ny, gy).Cmp(c.P) != 0 {
				t.Fatalf("%s: ScalarBaseMult(−k) is not −ScalarBaseMult(k)", c.Name)
			}
		}
	}
}

// TestFixedVerify signs with random keys on every curve and checks that the signature
// verifies, and that the same with one of e, r or s changed does not.
func TestFixedVerify(t *testing.T) {
	rng := rand.New(rand.NewPCG(4357, 7836))
	for _, c := range testCurves(t) {
		for range 3 {
			d, e, k := randNonzero(rng, c), randNonzero(rng, c), randNonzero(rng, c)
			qx, qy := c.ScalarBaseMult(d)
			pub := &PublicKey{Curve: c, X: qx, Y: qy}
			r, s := signWithK(c, d, e, k)
			if !VerifyInt(pub, e, r, s) {
				t.Fatalf("%s: valid signature refused", c.Name)
			}
			one := big.NewInt(1)
			for _, bad := range [][3]*big.Int{{new(big.Int).Add(e, one), r, s}, {e, new(big.Int).Add(r, one), s}, {e, r, new(big.Int).Add(s, one)}} {
				if VerifyInt(pub, bad[0], bad[1], bad[2]) {
					t.Fatalf("%s: altered signature accepted", c.Name)
				}
			}
		}
	}
}

// TestWNAF checks the recoding on random scalars: the digits sum back to k, each nonzero
// digit is odd and below 2^(w−1) in size, and w − 1 zeros follow it.
func TestWNAF(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		k := randInt(rng, rng.IntN(530))
		for _, w := range []int{2, pointWindow, baseWindow} {
			d := wnaf(k, w)
			sum := new(big.Int)
			last := -w
			for i := len(d) - 1; i >= 0; i-- {
				sum.Lsh(sum, 1).Add(sum, big.NewInt(int64(d[i])))
				if d[i] == 0 {
					continue
				}
				if v := int(d[i]); v%2 == 0 || v >= 1<<(w-1) || v <= -(1<<(w-1)) {
					t.Fatalf("k = %x, w = %d: digit %d", k, w, d[i])
				}
			}
			for i, v := range d {
				if v != 0 && i-last < w {
					t.Fatalf("k = %x, w = %d: digits %d and %d too close", k, w, last, i)
				}
				if v != 0 {
					last = i
				}
			}
			if sum.Cmp(k) != 0 {
				t.Fatalf("k = %x, w = %d: digits sum to %x", k, w, sum)
			}
		}
	}
}
