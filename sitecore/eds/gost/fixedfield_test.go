package gost

import (
	"math/big"
	"testing"
)

// fuzzModuli are the moduli FuzzField checks the fixed-size arithmetic with: the primes of
// the named and the RFC 7091 example curves, and odd moduli at the edges of each
// reduction: the largest c that folding takes, the smallest it leaves to Montgomery's
// reduction, and moduli just below R and just above R/2.
var fuzzModuli = []*big.Int{
	Tc26512A.P, Tc26512B.P, Tc26256A.P,
	hexInt("8000000000000000000000000000000000000000000000000000000000000431"),
	hexInt("4531acd1fe0023c7550d267b6b2fee80922b14b2ffb90f04d4eb7c09b5d2d15df1d852741af4704a0458047e80e4546d35b8336fac224dd81664bbf528be6373"),
	new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(foldLimit-1)),
	new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 512), big.NewInt(foldLimit+1)),
	new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)),
	new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 511), big.NewInt(1)),
	big.NewInt(1<<61 - 1),
}

// FuzzField compares every operation of the fixed-size field arithmetic with math/big.
// The seeds are the values where carries and the final subtraction change: 0, 1, p − 1,
// p, R − 1 and words of all ones, and for the folding moduli a product whose second fold
// wraps past R.
func FuzzField(f *testing.F) {
	for i, p := range fuzzModuli {
		if x, y := foldWrapPair(p); x != nil {
			f.Add(uint8(i), x.Bytes(), y.Bytes())
		} else if p == Tc26512A.P || p == Tc26256A.P {
			f.Fatalf("no product that wraps in the second fold modulo %x", p)
		}
		pm1 := new(big.Int).Sub(p, big.NewInt(1))
		ones := make([]byte, 64)
		for j := range ones {
			ones[j] = 0xff
		}
		seeds := [][]byte{nil, {1}, pm1.Bytes(), p.Bytes(), ones, ones[:32], ones[:9]}
		for _, a := range seeds {
			for _, b := range seeds {
				f.Add(uint8(i), a, b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, a, b []byte) {
		p := fuzzModuli[int(which)%len(fuzzModuli)]
		x, y := new(big.Int).SetBytes(a), new(big.Int).SetBytes(b)
		if p.BitLen() <= 256 {
			checkField(t, newField[[4]uint64](p), x, y)
		}
		checkField(t, newField[[8]uint64](p), x, y)
	})
}

// checkField checks the results of f for x and y, any non-negative integers, against the
// same operations modulo p in math/big.
func checkField[E limbs](t *testing.T, f *field[E], x, y *big.Int) {
	p := f.big
	var a, b, z E
	f.fromBig(&a, x)
	f.fromBig(&b, y)
	check := func(op string, got *E, want *big.Int) {
		t.Helper()
		want.Mod(want, p)
		if g := f.toBig(got); g.Cmp(want) != 0 {
			t.Fatalf("p = %x (%d limbs), x = %x, y = %x: %s = %x, want %x", p, len(a), x, y, op, g, want)
		}
		for i := len(*got) - 1; i >= 0; i-- { // held fully reduced: below p in the limbs too
			if (*got)[i] != f.p[i] {
				if (*got)[i] > f.p[i] {
					t.Fatalf("p = %x: %s held as %x, not below p", p, op, *got)
				}
				break
			}
		}
	}
	check("x", &a, new(big.Int).Set(x))
	f.mul(&z, &a, &b)
	check("x·y", &z, new(big.Int).Mul(x, y))
	f.sqr(&z, &a)
	check("x²", &z, new(big.Int).Mul(x, x))
	f.add(&z, &a, &b)
	check("x + y", &z, new(big.Int).Add(x, y))
	f.sub(&z, &a, &b)
	check("x − y", &z, new(big.Int).Sub(x, y))
	f.neg(&z, &a)
	check("−x", &z, new(big.Int).Neg(x))
	if want := new(big.Int).ModInverse(x, p); want != nil && !isZero(&a) {
		f.inv(&z, &a)
		check("1/x", &z, want)
	}
}

// foldWrapPair returns x, y < p whose product, reduced by folding modulo p = R − c, wraps
// past R in the second fold, or nil when c is too large to find one: random inputs hit
// that case with a probability of about c²/R. Write s = L + H·c = x·y − H·p for the first
// fold of x·y = H·R + L; it wraps when s lies in [2R − c, 2R), which holds when
// x·y = k·p + u with c ≤ u < 2c and R + u < k·c ≤ 2R + u. With u = c, spread-out x and
// y = u/x mod p, k is about uniform in [0, p), so one x in about c gives it.
func foldWrapPair(p *big.Int) (x, y *big.Int) {
	r := new(big.Int).Lsh(big.NewInt(1), uint(64*((p.BitLen()+63)/64)))
	c := new(big.Int).Sub(r, p)
	if c.BitLen() > 16 || c.Cmp(big.NewInt(2)) <= 0 { // for c ≤ 2 it cannot happen
		return nil, nil
	}
	lo, hi := new(big.Int).Add(r, c), new(big.Int).Add(new(big.Int).Lsh(r, 1), c)
	step := new(big.Int).Rsh(new(big.Int).Mul(p, new(big.Int).SetUint64(0x9e3779b97f4a7c15)), 64) // p/φ
	x = new(big.Int)
	for range 64 * c.Int64() {
		x.Add(x, step).Mod(x, p)
		if y = new(big.Int).ModInverse(x, p); y == nil {
			continue
		}
		y.Mul(y, c).Mod(y, p)
		k := new(big.Int).Mul(x, y)
		k.Sub(k, c).Quo(k, p).Mul(k, c)
		if k.Cmp(lo) > 0 && k.Cmp(hi) <= 0 {
			return x, y
		}
	}
	return nil, nil
}
