package gost

// jac is a point in Jacobian coordinates (X/Z², Y/Z³) with the coordinates in the
// Montgomery domain; Z = 0 is the point at infinity, so the zero value is.
type jac[E limbs] struct{ x, y, z E }

// aff is a point in affine coordinates, as the precomputed tables hold them; inf marks the
// point at infinity, which a table of a point of small order can contain.
type aff[E limbs] struct {
	x, y E
	inf  bool
}

// double sets r = 2p; r may be p.
func (c *fixedCurve[E]) double(r, p *jac[E]) {
	f := c.f
	if isZero(&p.z) {
		*r = *p
		return
	}
	var out jac[E]
	if c.aIsM3 {
		// dbl-2001-b: 3M + 5S.
		var delta, gamma, beta, alpha, t E
		f.sqr(&delta, &p.z)
		f.sqr(&gamma, &p.y)
		f.mul(&beta, &p.x, &gamma)
		// α = 3(X − δ)(X + δ)
		f.sub(&t, &p.x, &delta)
		f.add(&alpha, &p.x, &delta)
		f.mul(&alpha, &t, &alpha)
		f.add(&t, &alpha, &alpha)
		f.add(&alpha, &alpha, &t)
		// Z3 = (Y + Z)² − γ − δ
		f.add(&t, &p.y, &p.z)
		f.sqr(&t, &t)
		f.sub(&t, &t, &gamma)
		f.sub(&out.z, &t, &delta)
		// X3 = α² − 8β
		f.add(&beta, &beta, &beta)
		f.add(&beta, &beta, &beta) // 4β from here on
		f.sqr(&t, &alpha)
		f.sub(&t, &t, &beta)
		f.sub(&out.x, &t, &beta)
		// Y3 = α(4β − X3) − 8γ²
		f.sub(&t, &beta, &out.x)
		f.mul(&t, &alpha, &t)
		f.sqr(&gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.add(&gamma, &gamma, &gamma)
		f.sub(&out.y, &t, &gamma)
		*r = out
		return
	}
	// dbl-2007-bl for any a: 1M + 8S and a multiplication by a.
	var xx, yy, yyyy, zz, s, m, t E
	f.sqr(&xx, &p.x)
	f.sqr(&yy, &p.y)
	f.sqr(&yyyy, &yy)
	f.sqr(&zz, &p.z)
	// S = 2((X + YY)² − XX − YYYY)
	f.add(&s, &p.x, &yy)
	f.sqr(&s, &s)
	f.sub(&s, &s, &xx)
	f.sub(&s, &s, &yyyy)
	f.add(&s, &s, &s)
	// M = 3XX + a·ZZ²
	f.sqr(&m, &zz)
	f.mul(&m, &m, &c.a)
	f.add(&m, &m, &xx)
	f.add(&m, &m, &xx)
	f.add(&m, &m, &xx)
	// Z3 = (Y + Z)² − YY − ZZ
	f.add(&t, &p.y, &p.z)
	f.sqr(&t, &t)
	f.sub(&t, &t, &yy)
	f.sub(&out.z, &t, &zz)
	// X3 = M² − 2S, Y3 = M(S − X3) − 8YYYY
	f.sqr(&t, &m)
	f.sub(&t, &t, &s)
	f.sub(&out.x, &t, &s)
	f.sub(&t, &s, &out.x)
	f.mul(&t, &m, &t)
	f.add(&yyyy, &yyyy, &yyyy)
	f.add(&yyyy, &yyyy, &yyyy)
	f.add(&yyyy, &yyyy, &yyyy)
	f.sub(&out.y, &t, &yyyy)
	*r = out
}

// addAffine sets r = p + q, or p − q when negate is set (madd-2007-bl: 7M + 4S); r may be p.
func (c *fixedCurve[E]) addAffine(r, p *jac[E], q *aff[E], negate bool) {
	f := c.f
	if q.inf {
		*r = *p
		return
	}
	qy := q.y
	if negate {
		f.neg(&qy, &qy)
	}
	if isZero(&p.z) {
		*r = jac[E]{x: q.x, y: qy, z: f.one}
		return
	}
	var z1z1, u2, s2, h, hh, i, j, rr, v, t E
	f.sqr(&z1z1, &p.z)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s2, &p.z, &z1z1)
	f.mul(&s2, &qy, &s2)
	f.sub(&h, &u2, &p.x)
	f.sub(&rr, &s2, &p.y)
	f.add(&rr, &rr, &rr)
	if isZero(&h) { // the same x: q = p or q = −p
		if isZero(&rr) {
			c.double(r, p)
		} else {
			*r = jac[E]{}
		}
		return
	}
	var out jac[E]
	f.sqr(&hh, &h)
	f.add(&i, &hh, &hh)
	f.add(&i, &i, &i) // I = 4HH
	f.mul(&j, &h, &i)
	f.mul(&v, &p.x, &i)
	// Z3 = (Z1 + H)² − Z1Z1 − HH
	f.add(&t, &p.z, &h)
	f.sqr(&t, &t)
	f.sub(&t, &t, &z1z1)
	f.sub(&out.z, &t, &hh)
	// X3 = r² − J − 2V
	f.sqr(&t, &rr)
	f.sub(&t, &t, &j)
	f.sub(&t, &t, &v)
	f.sub(&out.x, &t, &v)
	// Y3 = r(V − X3) − 2·Y1·J
	f.sub(&t, &v, &out.x)
	f.mul(&t, &rr, &t)
	f.mul(&j, &j, &p.y)
	f.add(&j, &j, &j)
	f.sub(&out.y, &t, &j)
	*r = out
}

// add sets r = p + q (add-2007-bl: 11M + 5S); r may be p or q.
func (c *fixedCurve[E]) add(r, p, q *jac[E]) {
	f := c.f
	if isZero(&p.z) {
		*r = *q
		return
	}
	if isZero(&q.z) {
		*r = *p
		return
	}
	var z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t E
	f.sqr(&z1z1, &p.z)
	f.sqr(&z2z2, &q.z)
	f.mul(&u1, &p.x, &z2z2)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s1, &q.z, &z2z2)
	f.mul(&s1, &p.y, &s1)
	f.mul(&s2, &p.z, &z1z1)
	f.mul(&s2, &q.y, &s2)
	f.sub(&h, &u2, &u1)
	f.sub(&rr, &s2, &s1)
	f.add(&rr, &rr, &rr)
	if isZero(&h) { // the same x: q = p or q = −p
		if isZero(&rr) {
			c.double(r, p)
		} else {
			*r = jac[E]{}
		}
		return
	}
	var out jac[E]
	f.add(&i, &h, &h)
	f.sqr(&i, &i) // I = (2H)²
	f.mul(&j, &h, &i)
	f.mul(&v, &u1, &i)
	// Z3 = ((Z1 + Z2)² − Z1Z1 − Z2Z2)·H
	f.add(&t, &p.z, &q.z)
	f.sqr(&t, &t)
	f.sub(&t, &t, &z1z1)
	f.sub(&t, &t, &z2z2)
	f.mul(&out.z, &t, &h)
	// X3 = r² − J − 2V
	f.sqr(&t, &rr)
	f.sub(&t, &t, &j)
	f.sub(&t, &t, &v)
	f.sub(&out.x, &t, &v)
	// Y3 = r(V − X3) − 2·S1·J
	f.sub(&t, &v, &out.x)
	f.mul(&t, &rr, &t)
	f.mul(&s1, &s1, &j)
	f.add(&s1, &s1, &s1)
	f.sub(&out.y, &t, &s1)
	*r = out
}

// oddMultiples returns P, 3P, 5P, …, (2n−1)P in affine coordinates, with one inversion
// for all of them (Montgomery's trick: invert the product of the Z, then peel the factors
// off one by one).
func (c *fixedCurve[E]) oddMultiples(p *aff[E], n int) []aff[E] {
	f := c.f
	pts := make([]jac[E], n)
	pts[0] = jac[E]{}
	c.addAffine(&pts[0], &pts[0], p, false)
	var twice jac[E]
	c.double(&twice, &pts[0])
	for i := 1; i < n; i++ {
		c.add(&pts[i], &pts[i-1], &twice)
	}
	// prod[i] is the product of the nonzero Z of pts[0..i].
	prod := make([]E, n)
	acc := f.one
	for i := range pts {
		if !isZero(&pts[i].z) {
			f.mul(&acc, &acc, &pts[i].z)
		}
		prod[i] = acc
	}
	var inv E
	f.inv(&inv, &acc)
	out := make([]aff[E], n)
	for i := n - 1; i >= 0; i-- {
		if isZero(&pts[i].z) {
			out[i].inf = true
			continue
		}
		var zinv, zz E // inv is the inverse of prod[i] here
		if i > 0 {
			f.mul(&zinv, &inv, &prod[i-1])
			f.mul(&inv, &inv, &pts[i].z)
		} else {
			zinv = inv
		}
		f.sqr(&zz, &zinv)
		f.mul(&out[i].x, &pts[i].x, &zz)
		f.mul(&zz, &zz, &zinv)
		f.mul(&out[i].y, &pts[i].y, &zz)
	}
	return out
}
