package gost

import "math/big"

// jacobian is a point (X/Z², Y/Z³); Z = 0 is the point at infinity.
type jacobian struct{ x, y, z *big.Int }

func infinity() jacobian { return jacobian{new(big.Int), new(big.Int), new(big.Int)} }

func (c *Curve) toJacobian(x, y *big.Int) jacobian {
	return jacobian{new(big.Int).Set(x), new(big.Int).Set(y), big.NewInt(1)}
}

func (c *Curve) toAffine(p jacobian) (x, y *big.Int) {
	if p.z.Sign() == 0 {
		return new(big.Int), new(big.Int)
	}
	zinv := new(big.Int).ModInverse(p.z, c.P)
	zz := c.mul(zinv, zinv)
	return c.mul(p.x, zz), c.mul(p.y, c.mul(zz, zinv))
}

// double returns 2p (formulas dbl-2007-bl, any a).
func (c *Curve) double(p jacobian) jacobian {
	if p.z.Sign() == 0 || p.y.Sign() == 0 {
		return infinity()
	}
	xx := c.mul(p.x, p.x)
	yy := c.mul(p.y, p.y)
	yyyy := c.mul(yy, yy)
	zz := c.mul(p.z, p.z)
	// s = 2·((X + YY)² − XX − YYYY)
	s := new(big.Int).Add(p.x, yy)
	s = c.mul(s, s)
	s = c.reduce(s.Sub(s, xx).Sub(s, yyyy).Lsh(s, 1))
	// m = 3·XX + a·ZZ²
	m := c.mul(c.A, c.mul(zz, zz))
	m = c.reduce(m.Add(m, xx).Add(m, xx).Add(m, xx))
	// X3 = m² − 2s, Y3 = m·(s − X3) − 8·YYYY, Z3 = (Y + Z)² − YY − ZZ
	x3 := c.mul(m, m)
	x3 = c.reduce(x3.Sub(x3, s).Sub(x3, s))
	y3 := c.mul(m, new(big.Int).Sub(s, x3))
	y3 = c.reduce(y3.Sub(y3, yyyy.Lsh(yyyy, 3)))
	z3 := new(big.Int).Add(p.y, p.z)
	z3 = c.mul(z3, z3)
	z3 = c.reduce(z3.Sub(z3, yy).Sub(z3, zz))
	return jacobian{x3, y3, z3}
}

// add returns p + q (formulas add-2007-bl).
func (c *Curve) add(p, q jacobian) jacobian {
	if p.z.Sign() == 0 {
		return q
	}
	if q.z.Sign() == 0 {
		return p
	}
	z1z1 := c.mul(p.z, p.z)
	z2z2 := c.mul(q.z, q.z)
	u1 := c.mul(p.x, z2z2)
	u2 := c.mul(q.x, z1z1)
	s1 := c.mul(p.y, c.mul(q.z, z2z2))
	s2 := c.mul(q.y, c.mul(p.z, z1z1))
	h := c.reduce(new(big.Int).Sub(u2, u1))
	r := new(big.Int).Sub(s2, s1)
	r = c.reduce(r.Lsh(r, 1))
	if h.Sign() == 0 {
		if r.Sign() == 0 {
			return c.double(p)
		}
		return infinity()
	}
	i := new(big.Int).Lsh(h, 1)
	i = c.mul(i, i)
	j := c.mul(h, i)
	v := c.mul(u1, i)
	// X3 = r² − J − 2V, Y3 = r·(V − X3) − 2·S1·J, Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
	x3 := c.mul(r, r)
	x3 = c.reduce(x3.Sub(x3, j).Sub(x3, v).Sub(x3, v))
	y3 := c.mul(r, new(big.Int).Sub(v, x3))
	s1j := c.mul(s1, j)
	y3 = c.reduce(y3.Sub(y3, s1j).Sub(y3, s1j))
	z3 := new(big.Int).Add(p.z, q.z)
	z3 = c.mul(z3, z3)
	z3 = c.mul(c.reduce(z3.Sub(z3, z1z1).Sub(z3, z2z2)), h)
	return jacobian{x3, y3, z3}
}

// ScalarMult returns k·(x, y) for a point (x, y) on the curve; the point at infinity comes
// back as (0, 0).
func (c *Curve) ScalarMult(x, y, k *big.Int) (*big.Int, *big.Int) {
	if k.Sign() < 0 { // −k·P = k·(−P)
		k, y = new(big.Int).Neg(k), new(big.Int).Neg(y)
	}
	return c.affineOrZero(c.ops().mulAdd(new(big.Int), k, x, y))
}

// ScalarBaseMult returns k·G.
func (c *Curve) ScalarBaseMult(k *big.Int) (*big.Int, *big.Int) {
	if k.Sign() < 0 { // G has order Q
		k = new(big.Int).Mod(k, c.Q)
	}
	return c.affineOrZero(c.ops().mulAdd(k, new(big.Int), c.X, c.Y))
}

// affineOrZero passes on the result of mulAdd, with (0, 0) for the point at infinity.
func (c *Curve) affineOrZero(x, y *big.Int, ok bool) (*big.Int, *big.Int) {
	if !ok {
		return new(big.Int), new(big.Int)
	}
	return x, y
}

// combined returns k1·p1 + k2·p2 (k1, k2 ≥ 0) in one pass over the bits (Shamir's trick).
func (c *Curve) combined(k1 *big.Int, p1 jacobian, k2 *big.Int, p2 jacobian) jacobian {
	both := c.add(p1, p2)
	acc := infinity()
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
