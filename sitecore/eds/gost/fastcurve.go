package gost

import (
	"math/big"
)

// The widths of the signed windows (wNAF) of the two scalars of u1·G + u2·P. The base
// point's table of odd multiples is built once per curve, so it can be wide: 64 points, an
// addition every 9 bits of u1 on average. The key's table is built for each verification,
// where 8 points (an addition every 6 bits of u2) cost least overall.
const (
	baseWindow  = 8
	pointWindow = 5
)

// mulAdder computes u1·G + u2·P for u1, u2 ≥ 0 and P = (px, py) on the curve: the one
// operation verification needs, of which ScalarMult and ScalarBaseMult are special cases.
// It returns the affine coordinates of the result, or ok = false for the point at infinity.
type mulAdder interface {
	mulAdd(u1, u2, px, py *big.Int) (x, y *big.Int, ok bool)
}

// ops returns the curve's arithmetic, chosen and set up on first use: fixed-size limbs for
// an odd P of up to 512 bits (every named curve; see field), else math/big.
func (c *Curve) ops() mulAdder {
	c.opsOnce.Do(func() {
		switch n := c.P.BitLen(); {
		case c.P.Bit(0) == 0 || n < 2 || n > 512:
			c.opsImpl = bigCurve{c}
		case n <= 256:
			c.opsImpl = newFixedCurve[[4]uint64](c)
		default:
			c.opsImpl = newFixedCurve[[8]uint64](c)
		}
	})
	return c.opsImpl
}

// fixedCurve is the fixed-size arithmetic of one curve, with the table of the base point.
type fixedCurve[E limbs] struct {
	f     *field[E]
	a     E    // the coefficient a in the domain
	aIsM3 bool // a = −3, which saves two multiplications per doubling
	base  []aff[E]
}

func newFixedCurve[E limbs](c *Curve) *fixedCurve[E] {
	fc := &fixedCurve[E]{f: newField[E](c.P)}
	fc.f.fromBig(&fc.a, c.A)
	fc.aIsM3 = new(big.Int).Sub(c.P, c.A).Cmp(big.NewInt(3)) == 0
	var g aff[E]
	fc.f.fromBig(&g.x, c.X)
	fc.f.fromBig(&g.y, c.Y)
	fc.base = fc.oddMultiples(&g, 1<<(baseWindow-2))
	return fc
}

// mulAdd interleaves the two multiplications (Shamir's trick): one chain of doublings,
// with the additions of both scalars' wNAF digits from their tables.
func (c *fixedCurve[E]) mulAdd(u1, u2, px, py *big.Int) (x, y *big.Int, ok bool) {
	d1 := wnaf(u1, baseWindow)
	var d2 []int8
	var table []aff[E]
	if u2.Sign() != 0 {
		var p aff[E]
		c.f.fromBig(&p.x, px)
		c.f.fromBig(&p.y, py)
		table = c.oddMultiples(&p, 1<<(pointWindow-2))
		d2 = wnaf(u2, pointWindow)
	}
	var acc jac[E]
	for i := max(len(d1), len(d2)) - 1; i >= 0; i-- {
		c.double(&acc, &acc)
		if i < len(d1) {
			c.addDigit(&acc, c.base, d1[i])
		}
		if i < len(d2) {
			c.addDigit(&acc, table, d2[i])
		}
	}
	if isZero(&acc.z) {
		return nil, nil, false
	}
	var zinv, zz, t E
	c.f.inv(&zinv, &acc.z)
	c.f.sqr(&zz, &zinv)
	c.f.mul(&t, &acc.x, &zz)
	x = c.f.toBig(&t)
	c.f.mul(&zz, &zz, &zinv)
	c.f.mul(&t, &acc.y, &zz)
	return x, c.f.toBig(&t), true
}

// addDigit adds d·P to acc, where table holds the odd multiples of P and d is a wNAF digit.
func (c *fixedCurve[E]) addDigit(acc *jac[E], table []aff[E], d int8) {
	switch {
	case d > 0:
		c.addAffine(acc, acc, &table[d/2], false)
	case d < 0:
		c.addAffine(acc, acc, &table[-d/2], true)
	}
}

// wnaf returns the width-w non-adjacent form of k ≥ 0, least significant digit first:
// k = Σ d[i]·2^i, each digit zero or odd with |d[i]| < 2^(w−1), and at least w − 1 zeros
// after each nonzero digit. w is at most 8, so the digits fit in an int8. A run of bits
// equal to the carry yields zeros; anywhere else the next w bits plus the carry, an odd
// number, become a digit, made negative (and the carry set) when it is 2^(w−1) or more.
func wnaf(k *big.Int, w int) []int8 {
	n := k.BitLen() + 1
	d := make([]int8, n)
	var carry uint
	for i := 0; i < n; {
		if k.Bit(i) == carry {
			i++
			continue
		}
		width := min(w, n-i)
		word := carry
		for j := range width {
			word += k.Bit(i+j) << j
		}
		carry = word >> (w - 1) & 1
		d[i] = int8(int(word) - int(carry<<w))
		i += width
	}
	return d
}

// bigCurve is the arithmetic in math/big: the reference the tests hold the fixed-size one
// to, and the path for a curve whose P the fixed-size one does not take.
type bigCurve struct{ c *Curve }

func (b bigCurve) mulAdd(u1, u2, px, py *big.Int) (x, y *big.Int, ok bool) {
	c := b.c
	p := c.combined(u1, c.toJacobian(c.X, c.Y), u2, c.toJacobian(px, py))
	if p.z.Sign() == 0 {
		return nil, nil, false
	}
	x, y = c.toAffine(p)
	return x, y, true
}
