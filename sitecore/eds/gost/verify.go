package gost

import (
	"errors"
	"math/big"
)

// PublicKey is a GOST R 34.10-2012 public key: the point Q = d·G of its curve.
type PublicKey struct {
	Curve *Curve
	X, Y  *big.Int
}

// ParsePublicKey decodes the key bytes of a certificate (the OCTET STRING inside the
// subjectPublicKey BIT STRING): x‖y, each little-endian and Size bytes long. It refuses a
// point that is not on the curve.
func ParsePublicKey(c *Curve, raw []byte) (*PublicKey, error) {
	n := c.Size()
	if len(raw) != 2*n {
		return nil, errors.New("gost: public key has the wrong length")
	}
	pub := &PublicKey{Curve: c,
		X: new(big.Int).SetBytes(Reverse(raw[:n])),
		Y: new(big.Int).SetBytes(Reverse(raw[n:]))}
	if !c.IsOnCurve(pub.X, pub.Y) {
		return nil, errors.New("gost: public key is not on the curve")
	}
	return pub, nil
}

// Bytes encodes the key as ParsePublicKey reads it.
func (pub *PublicKey) Bytes() []byte {
	n := pub.Curve.Size()
	out := make([]byte, 2*n)
	copy(out, Reverse(pub.X.FillBytes(make([]byte, n))))
	copy(out[n:], Reverse(pub.Y.FillBytes(make([]byte, n))))
	return out
}

// DigestToInt returns e: the digest read as a little-endian integer modulo q, 1 if zero.
func DigestToInt(c *Curve, digest []byte) *big.Int {
	e := new(big.Int).SetBytes(Reverse(digest))
	e.Mod(e, c.Q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	return e
}

// DecodeSignature splits a signature in the RFC 4491 layout, s‖r each big-endian, into r
// and s. NCA writes the same block byte-reversed (r‖s little-endian): reverse it first.
func DecodeSignature(c *Curve, sig []byte) (r, s *big.Int, err error) {
	n := c.Size()
	if len(sig) != 2*n {
		return nil, nil, errors.New("gost: signature has the wrong length")
	}
	return new(big.Int).SetBytes(sig[n:]), new(big.Int).SetBytes(sig[:n]), nil
}

// EncodeSignature writes (r, s) in the RFC 4491 layout, s‖r each big-endian.
func EncodeSignature(c *Curve, r, s *big.Int) []byte {
	n := c.Size()
	out := make([]byte, 2*n)
	s.FillBytes(out[:n])
	r.FillBytes(out[n:])
	return out
}

// VerifyInt reports whether (r, s) is a valid signature of e under pub (RFC 7091 section
// 6.2): with v = e⁻¹, z1 = s·v and z2 = −r·v modulo q, the x coordinate of z1·G + z2·Q
// modulo q must equal r.
func VerifyInt(pub *PublicKey, e, r, s *big.Int) bool {
	c := pub.Curve
	if r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(c.Q) >= 0 || s.Cmp(c.Q) >= 0 || e.Sign() <= 0 {
		return false
	}
	v := new(big.Int).ModInverse(e, c.Q)
	if v == nil {
		return false
	}
	z1 := mulModQ(c, s, v)
	z2 := mulModQ(c, r, v)
	z2.Sub(c.Q, z2).Mod(z2, c.Q)
	x, _, ok := c.ops().mulAdd(z1, z2, pub.X, pub.Y)
	return ok && x.Mod(x, c.Q).Cmp(r) == 0
}

// Verify reports whether sig (RFC 4491 layout) is a valid signature of digest under pub.
func Verify(pub *PublicKey, digest, sig []byte) bool {
	r, s, err := DecodeSignature(pub.Curve, sig)
	if err != nil {
		return false
	}
	return VerifyInt(pub, DigestToInt(pub.Curve, digest), r, s)
}

// Reverse returns a reversed copy of b; GOST encodings are little-endian where Go's big
// integers are big-endian.
func Reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, v := range b {
		out[len(b)-1-i] = v
	}
	return out
}
