package gost

import (
	"math/big"
	"sync"
)

// reducer reduces modulo a prime of the form 2^k − c with a small c, as are the primes of
// tc26-512-A (2^512 − 569) and of the 256-bit curves (2^256 − 617): the bits above k are
// folded down with one multiplication by c, which is several times cheaper than the long
// division of big.Int.Mod.
type reducer struct {
	k    uint
	c    *big.Int
	mask *big.Int
}

var reducers sync.Map // *Curve → *reducer (nil when P has no such form)

func (c *Curve) reducer() *reducer {
	if r, ok := reducers.Load(c); ok {
		return r.(*reducer)
	}
	k := uint(c.P.BitLen())
	two := new(big.Int).Lsh(big.NewInt(1), k)
	small := new(big.Int).Sub(two, c.P)
	var r *reducer
	if small.Sign() > 0 && small.BitLen() <= 32 {
		r = &reducer{k: k, c: small, mask: new(big.Int).Sub(two, big.NewInt(1))}
	}
	reducers.Store(c, r)
	return r
}

// reduce sets x to x mod P and returns it; x may be negative.
func (c *Curve) reduce(x *big.Int) *big.Int {
	r := c.reducer()
	if r == nil {
		return x.Mod(x, c.P)
	}
	if x.Sign() < 0 {
		c.reduce(x.Neg(x))
		if x.Sign() != 0 {
			x.Sub(c.P, x)
		}
		return x
	}
	for x.BitLen() > int(r.k) {
		hi := new(big.Int).Rsh(x, r.k)
		x.And(x, r.mask)
		x.Add(x, hi.Mul(hi, r.c))
	}
	if x.Cmp(c.P) >= 0 {
		x.Sub(x, c.P)
	}
	return x
}

// mul returns a·b mod P in a new integer.
func (c *Curve) mul(a, b *big.Int) *big.Int {
	return c.reduce(new(big.Int).Mul(a, b))
}

// mulModQ returns a·b mod Q.
func mulModQ(c *Curve, a, b *big.Int) *big.Int {
	r := new(big.Int).Mul(a, b)
	return r.Mod(r, c.Q)
}
