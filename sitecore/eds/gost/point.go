package gost

import "math/big"

// jacobian is a point (X/Z², Y/Z³); Z = 0 is the point at infinity.
type jacobian struct{ x, y, z *big.Int }

func (c *Curve) toJacobian(x, y *big.Int) jacobian {
	return jacobian{new(big.Int).Set(x), new(big.Int).Set(y), big.NewInt(1)}
}

func (c *Curve) toAffine(p jacobian) (x, y *big.Int) {
	if p.z.Sign() == 0 {
		return new(big.Int), new(big.Int)
	}
	zinv := new(big.Int).ModInverse(p.z, c.P)
	zz := new(big.Int).Mul(zinv, zinv)
	zz.Mod(zz, c.P)
	x = new(big.Int).Mul(p.x, zz)
	x.Mod(x, c.P)
	zz.Mul(zz, zinv)
	y = new(big.Int).Mul(p.y, zz)
	y.Mod(y, c.P)
	return x, y
}

// double returns 2p (formulas dbl-2007-bl, any a).
func (c *Curve) double(p jacobian) jacobian {
	if p.z.Sign() == 0 || p.y.Sign() == 0 {
		return jacobian{new(big.Int), new(big.Int), new(big.Int)}
	}
	m := c.P
	xx := mulMod(p.x, p.x, m)
	yy := mulMod(p.y, p.y, m)
	yyyy := mulMod(yy, yy, m)
	zz := mulMod(p.z, p.z, m)
	s := new(big.Int).Add(p.x, yy)
	s = mulMod(s, s, m)
	s.Sub(s, xx).Sub(s, yyyy).Lsh(s, 1).Mod(s, m)
	mm := mulMod(c.A, mulMod(zz, zz, m), m)
	mm.Add(mm, new(big.Int).Mul(xx, big.NewInt(3))).Mod(mm, m)
	t := mulMod(mm, mm, m)
	t.Sub(t, new(big.Int).Lsh(s, 1)).Mod(t, m)
	y3 := new(big.Int).Sub(s, t)
	y3 = mulMod(mm, y3, m)
	y3.Sub(y3, new(big.Int).Lsh(yyyy, 3)).Mod(y3, m)
	z3 := new(big.Int).Add(p.y, p.z)
	z3 = mulMod(z3, z3, m)
	z3.Sub(z3, yy).Sub(z3, zz).Mod(z3, m)
	return jacobian{t, y3, z3}
}

// add returns p + q (formulas add-2007-bl).
func (c *Curve) add(p, q jacobian) jacobian {
	if p.z.Sign() == 0 {
		return q
	}
	if q.z.Sign() == 0 {
		return p
	}
	m := c.P
	z1z1 := mulMod(p.z, p.z, m)
	z2z2 := mulMod(q.z, q.z, m)
	u1 := mulMod(p.x, z2z2, m)
	u2 := mulMod(q.x, z1z1, m)
	s1 := mulMod(p.y, mulMod(q.z, z2z2, m), m)
	s2 := mulMod(q.y, mulMod(p.z, z1z1, m), m)
	h := new(big.Int).Sub(u2, u1)
	h.Mod(h, m)
	r := new(big.Int).Sub(s2, s1)
	r.Lsh(r, 1).Mod(r, m)
	if h.Sign() == 0 {
		if r.Sign() == 0 {
			return c.double(p)
		}
		return jacobian{new(big.Int), new(big.Int), new(big.Int)}
	}
	i := new(big.Int).Lsh(h, 1)
	i = mulMod(i, i, m)
	j := mulMod(h, i, m)
	v := mulMod(u1, i, m)
	x3 := mulMod(r, r, m)
	x3.Sub(x3, j).Sub(x3, new(big.Int).Lsh(v, 1)).Mod(x3, m)
	y3 := new(big.Int).Sub(v, x3)
	y3 = mulMod(r, y3, m)
	y3.Sub(y3, new(big.Int).Lsh(mulMod(s1, j, m), 1)).Mod(y3, m)
	z3 := new(big.Int).Add(p.z, q.z)
	z3 = mulMod(z3, z3, m)
	z3.Sub(z3, z1z1).Sub(z3, z2z2)
	z3 = mulMod(z3, h, m)
	return jacobian{x3, y3, z3}
}

func mulMod(a, b, m *big.Int) *big.Int {
	r := new(big.Int).Mul(a, b)
	return r.Mod(r, m)
}

// ScalarMult returns k·(x, y); the point at infinity comes back as (0, 0).
func (c *Curve) ScalarMult(x, y, k *big.Int) (*big.Int, *big.Int) {
	return c.toAffine(c.combined(k, c.toJacobian(x, y), new(big.Int), jacobian{}))
}

// ScalarBaseMult returns k·G.
func (c *Curve) ScalarBaseMult(k *big.Int) (*big.Int, *big.Int) { return c.ScalarMult(c.X, c.Y, k) }

// combined returns k1·p1 + k2·p2 in one pass over the bits (Shamir's trick), which is what
// verification needs and about a third faster than two separate multiplications.
func (c *Curve) combined(k1 *big.Int, p1 jacobian, k2 *big.Int, p2 jacobian) jacobian {
	inf := jacobian{new(big.Int), new(big.Int), new(big.Int)}
	if p2.z == nil {
		p2 = inf
	}
	both := c.add(p1, p2)
	acc := inf
	for i := max(k1.BitLen(), k2.BitLen()) - 1; i >= 0; i-- {
		acc = c.double(acc)
		switch b1, b2 := k1.Bit(i), k2.Bit(i); {
		case b1 == 1 && b2 == 1:
			acc = c.add(acc, both)
		case b1 == 1:
			acc = c.add(acc, p1)
		case b2 == 1:
			acc = c.add(acc, p2)
		}
	}
	return acc
}
