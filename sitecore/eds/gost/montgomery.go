package gost

import (
	"encoding/binary"
	"math/big"
	"math/bits"
)

// limbs holds a field element as little-endian 64-bit words: four for the 256-bit curves,
// eight for the 512-bit ones. The arithmetic below is written once for both sizes; Go
// compiles it separately for each, so the loops run over a length known at compile time.
type limbs interface{ [4]uint64 | [8]uint64 }

// field is arithmetic modulo an odd p < 2^(64·n), n the number of limbs, in the Montgomery
// domain: an element a is held as a·R mod p with R = 2^(64·n), and the product of two held
// elements is reduced with n word-by-word steps instead of a division. Every held value is
// fully reduced, in [0, p).
type field[E limbs] struct {
	p   E
	n0  uint64 // −p⁻¹ mod 2^64
	rr  E      // R² mod p, which takes a value into the domain
	one E      // R mod p, the 1 of the domain
	big *big.Int
}

// newField returns the arithmetic modulo p, which must be odd and below R.
func newField[E limbs](p *big.Int) *field[E] {
	f := &field[E]{big: new(big.Int).Set(p)}
	f.p = limbsOf[E](p)
	// Newton's iteration doubles the correct low bits of p⁻¹ mod 2^64 each step: p·p ≡ 1
	// mod 8 gives three to start with, five steps give 96.
	inv := f.p[0]
	for range 5 {
		inv *= 2 - f.p[0]*inv
	}
	f.n0 = -inv
	r := new(big.Int).Lsh(big.NewInt(1), uint(64*len(f.p)))
	f.one = limbsOf[E](new(big.Int).Mod(r, p))
	f.rr = limbsOf[E](r.Mod(r.Mul(r, r), p))
	return f
}

// limbsOf returns x, which must be in [0, R), as limbs.
func limbsOf[E limbs](x *big.Int) E {
	var z E
	buf := x.FillBytes(make([]byte, 8*len(z)))
	for i := range len(z) {
		z[i] = binary.BigEndian.Uint64(buf[len(buf)-8*(i+1):])
	}
	return z
}

// fromBig sets z to x mod p in the domain; x may be negative or at least p.
func (f *field[E]) fromBig(z *E, x *big.Int) {
	*z = limbsOf[E](new(big.Int).Mod(x, f.big))
	f.mul(z, z, &f.rr)
}

// toBig returns the integer in [0, p) that x holds.
func (f *field[E]) toBig(x *E) *big.Int {
	var plain, one E
	one[0] = 1
	f.mul(&plain, x, &one) // x·R · 1 · R⁻¹
	buf := make([]byte, 8*len(plain))
	for i := range len(plain) {
		binary.BigEndian.PutUint64(buf[len(buf)-8*(i+1):], plain[i])
	}
	return new(big.Int).SetBytes(buf)
}

// mul sets z = x·y·R⁻¹ mod p: the product of two held elements (coarsely integrated
// operand scanning, CIOS). Each of the n rounds adds x·y[i] to the running sum t, then a
// multiple m·p chosen so that the lowest word becomes zero, and shifts t one word down; t
// stays below 2p, so one conditional subtraction ends it.
func (f *field[E]) mul(z, x, y *E) {
	var t E
	var top, carry uint64 // words n and n+1 of t
	n := len(t)
	for i := range n {
		yi := (*y)[i]
		var c, cc uint64
		for j := range n {
			hi, lo := bits.Mul64((*x)[j], yi)
			lo, cc = bits.Add64(lo, t[j], 0)
			hi += cc
			t[j], cc = bits.Add64(lo, c, 0)
			c = hi + cc
		}
		top, carry = bits.Add64(top, c, 0)

		m := t[0] * f.n0
		hi, lo := bits.Mul64(m, f.p[0])
		_, cc = bits.Add64(lo, t[0], 0)
		c = hi + cc
		for j := 1; j < n; j++ {
			hi, lo := bits.Mul64(m, f.p[j])
			lo, cc = bits.Add64(lo, t[j], 0)
			hi += cc
			t[j-1], cc = bits.Add64(lo, c, 0)
			c = hi + cc
		}
		t[n-1], cc = bits.Add64(top, c, 0)
		top = carry + cc
	}
	f.reduceOnce(z, &t, top)
}

// sqr sets z = x·x·R⁻¹ mod p.
func (f *field[E]) sqr(z, x *E) { f.mul(z, x, x) }

// reduceOnce sets z = t + hi·R − p when that is not negative, else z = t; t + hi·R < 2p.
func (f *field[E]) reduceOnce(z, t *E, hi uint64) {
	var d E
	var b uint64
	for i := range len(d) {
		d[i], b = bits.Sub64((*t)[i], f.p[i], b)
	}
	if hi != 0 || b == 0 {
		*z = d
	} else {
		*z = *t
	}
}

// add sets z = x + y mod p.
func (f *field[E]) add(z, x, y *E) {
	var s E
	var c uint64
	for i := range len(s) {
		s[i], c = bits.Add64((*x)[i], (*y)[i], c)
	}
	f.reduceOnce(z, &s, c)
}

// sub sets z = x − y mod p.
func (f *field[E]) sub(z, x, y *E) {
	var d E
	var b uint64
	for i := range len(d) {
		d[i], b = bits.Sub64((*x)[i], (*y)[i], b)
	}
	if b != 0 {
		var c uint64
		for i := range len(d) {
			d[i], c = bits.Add64(d[i], f.p[i], c)
		}
	}
	*z = d
}

// neg sets z = −x mod p.
func (f *field[E]) neg(z, x *E) {
	var zero E
	f.sub(z, &zero, x)
}

// isZero reports whether x holds 0 (whose Montgomery form is 0 too).
func isZero[E limbs](x *E) bool {
	var acc uint64
	for i := range len(*x) {
		acc |= (*x)[i]
	}
	return acc == 0
}

// inv sets z = x⁻¹ mod p, x nonzero. It leaves the domain for math/big's inversion, which
// is cheaper than an exponentiation here and is needed once per scalar multiplication.
func (f *field[E]) inv(z, x *E) {
	v := f.toBig(x)
	f.fromBig(z, v.ModInverse(v, f.big))
}
