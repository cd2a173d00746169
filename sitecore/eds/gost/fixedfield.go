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

// wide holds a product of two elements before its reduction, in its first 2n words.
type wide = [16]uint64

// field is arithmetic modulo an odd p < R = 2^(64·n), n the number of limbs, in one of two
// representations, both fully reduced to [0, p):
//
//   - when p = 2^(64·n) − c with a small c, as for tc26-512-A (c = 569) and the 256-bit
//     curves (c = 617), an element is held as it is, and a product H·R + L is reduced by
//     folding: H·R ≡ H·c, so two multiplications by c replace the division;
//   - for any other p, an element a is held as a·R mod p (Montgomery's domain), and a
//     product is reduced by adding multiples of p that clear its low words one by one, then
//     dropping them: that is a division by R, which the domain absorbs.
//
// Only mul and sqr differ between the two; addition and subtraction are the same. fromBig
// and toBig convert at the edges, by multiplying with rr and with 1, which are R² and 1
// for Montgomery's domain and 1 and 1 when elements are held as they are.
type field[E limbs] struct {
	p   E
	c   uint64 // p = R − c if nonzero: held as is, reduced by folding
	n0  uint64 // else −p⁻¹ mod 2^64, for Montgomery's reduction
	rr  E      // multiplied in to enter the representation
	one E      // the representation of 1
	big *big.Int
}

// foldLimit bounds c for the folding reduction, so that c² + c stays below 2^64.
const foldLimit = 1 << 31

// newField returns the arithmetic modulo p, which must be odd and below R.
func newField[E limbs](p *big.Int) *field[E] {
	f := &field[E]{big: new(big.Int).Set(p)}
	f.p = limbsOf[E](p)
	r := new(big.Int).Lsh(big.NewInt(1), uint(64*len(f.p)))
	if c := new(big.Int).Sub(r, p); c.Cmp(big.NewInt(foldLimit)) < 0 {
		f.c = c.Uint64()
		f.rr[0], f.one[0] = 1, 1
		return f
	}
	// Newton's iteration doubles the correct low bits of p⁻¹ mod 2^64 each step: p·p ≡ 1
	// mod 8 gives three to start with, five steps give 96.
	inv := f.p[0]
	for range 5 {
		inv *= 2 - f.p[0]*inv
	}
	f.n0 = -inv
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

// fromBig sets z to the representation of x mod p; x may be negative or at least p.
func (f *field[E]) fromBig(z *E, x *big.Int) {
	*z = limbsOf[E](new(big.Int).Mod(x, f.big))
	f.mul(z, z, &f.rr)
}

// toBig returns the integer in [0, p) that x represents.
func (f *field[E]) toBig(x *E) *big.Int {
	var plain, one E
	one[0] = 1
	f.mul(&plain, x, &one)
	buf := make([]byte, 8*len(plain))
	for i := range len(plain) {
		binary.BigEndian.PutUint64(buf[len(buf)-8*(i+1):], plain[i])
	}
	return new(big.Int).SetBytes(buf)
}

// mul sets z to the representation of the product of the elements x and y represent.
func (f *field[E]) mul(z, x, y *E) {
	var t wide
	mulWide(&t, x, y)
	f.reduce(z, &t)
}

// sqr sets z to the representation of the square of the element x represents.
func (f *field[E]) sqr(z, x *E) {
	var t wide
	sqrWide(&t, x)
	f.reduce(z, &t)
}

// mulWide sets t to x·y, schoolbook: row i adds x·y[i] at word i.
func mulWide[E limbs](t *wide, x, y *E) {
	n := len(*x)
	for i := range n {
		yi := (*y)[i]
		var c, cc uint64
		for j := range n {
			hi, lo := bits.Mul64((*x)[j], yi)
			lo, cc = bits.Add64(lo, t[i+j], 0)
			hi += cc
			t[i+j], cc = bits.Add64(lo, c, 0)
			c = hi + cc
		}
		t[i+n] = c
	}
}

// sqrWide sets t to x², with each product x[i]·x[j], i ≠ j, computed once and doubled:
// n(n+1)/2 word multiplications instead of n².
func sqrWide[E limbs](t *wide, x *E) {
	n := len(*x)
	for i := range n - 1 {
		xi := (*x)[i]
		var c, cc uint64
		for j := i + 1; j < n; j++ {
			hi, lo := bits.Mul64(xi, (*x)[j])
			lo, cc = bits.Add64(lo, t[i+j], 0)
			hi += cc
			t[i+j], cc = bits.Add64(lo, c, 0)
			c = hi + cc
		}
		t[i+n] = c
	}
	for i := 2*n - 1; i > 0; i-- {
		t[i] = t[i]<<1 | t[i-1]>>63
	}
	t[0] <<= 1
	var c uint64
	for i := range n {
		hi, lo := bits.Mul64((*x)[i], (*x)[i])
		t[2*i], c = bits.Add64(t[2*i], lo, c)
		t[2*i+1], c = bits.Add64(t[2*i+1], hi, c)
	}
}

// reduce sets z to the representation of t, a product of two represented elements.
func (f *field[E]) reduce(z *E, t *wide) {
	n := len(*z)
	if f.c != 0 {
		// t = H·R + L ≡ L + H·c. The sum is below (c + 1)·R, so its word n, hi, is at
		// most c, and hi·R ≡ hi·c < 2^64 is folded in once more; if that wraps past R,
		// the remainder is below c², and adding c (for the R dropped) cannot wrap again.
		var r E
		var hi, cc uint64
		for i := range n {
			h, lo := bits.Mul64(t[n+i], f.c)
			lo, cc = bits.Add64(lo, t[i], 0)
			h += cc
			r[i], cc = bits.Add64(lo, hi, 0)
			hi = h + cc
		}
		r[0], cc = bits.Add64(r[0], hi*f.c, 0)
		for i := 1; i < n; i++ {
			r[i], cc = bits.Add64(r[i], 0, cc)
		}
		if cc != 0 {
			r[0] += f.c
		}
		f.reduceOnce(z, &r, 0) // r < R < 2p
		return
	}
	// Montgomery's reduction (separated operand scanning): step i adds m·p·2^(64i), m
	// chosen so that word i becomes zero; the carry out of word i + n moves on to the
	// next step. The sum is below 2p·R; its upper n words and the last carry are t/R.
	var carry uint64
	for i := range n {
		m := t[i] * f.n0
		var c, cc uint64
		for j := range n {
			hi, lo := bits.Mul64(m, f.p[j])
			lo, cc = bits.Add64(lo, t[i+j], 0)
			hi += cc
			t[i+j], cc = bits.Add64(lo, c, 0)
			c = hi + cc
		}
		t[i+n], carry = bits.Add64(t[i+n], c, carry)
	}
	var r E
	for i := range n {
		r[i] = t[n+i]
	}
	f.reduceOnce(z, &r, carry)
}

// reduceOnce sets z = t + hi·R − p when that is not negative, else z = t; t + hi·R < 2p.
// Which one it is depends on the data as a coin toss would, so the choice is made with a
// mask rather than a branch the processor would mispredict half the time.
func (f *field[E]) reduceOnce(z, t *E, hi uint64) {
	var d E
	var b uint64
	for i := range len(d) {
		d[i], b = bits.Sub64((*t)[i], f.p[i], b)
	}
	// keep is all ones when t − p borrowed without hi to pay for it: t < p.
	keep := -(b &^ hi)
	for i := range len(d) {
		(*z)[i] = d[i] ^ ((d[i] ^ (*t)[i]) & keep)
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

// sub sets z = x − y mod p: the difference, plus p when it borrowed (chosen with a mask,
// as in reduceOnce).
func (f *field[E]) sub(z, x, y *E) {
	var d E
	var b uint64
	for i := range len(d) {
		d[i], b = bits.Sub64((*x)[i], (*y)[i], b)
	}
	mask := -b
	var c uint64
	for i := range len(d) {
		(*z)[i], c = bits.Add64(d[i], f.p[i]&mask, c)
	}
}

// neg sets z = −x mod p.
func (f *field[E]) neg(z, x *E) {
	var zero E
	f.sub(z, &zero, x)
}

// isZero reports whether x represents 0 (which both representations hold as 0).
func isZero[E limbs](x *E) bool {
	var acc uint64
	for i := range len(*x) {
		acc |= (*x)[i]
	}
	return acc == 0
}

// inv sets z to the representation of the inverse of the nonzero element x represents. It
// goes through math/big's inversion, cheaper than an exponentiation and needed once per
// scalar multiplication.
func (f *field[E]) inv(z, x *E) {
	v := f.toBig(x)
	f.fromBig(z, v.ModInverse(v, f.big))
}
