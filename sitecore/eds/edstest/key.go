// Package edstest mints test PKIs for the EDS verifier's tests and for the tests of code
// built on it (surveys, a fake NCALayer): RSA and GOST R 34.10-2015 CAs and certificates
// with Kazakh-shaped subjects, CMS signatures, CRLs and OCSP answers served by real HTTP
// servers.
//
// It signs with GOST through a deliberately simple implementation (math/big, not constant
// time). It is for tests only: production code never imports it.
package edstest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"

	"github.com/mektep/mektep/sitecore/eds/gost"
)

// Kind is the algorithm of a test key.
type Kind int

// The kinds of keys: RSA-2048 with SHA-256, NCA's GOST-512 and GOST-256 (Kazakh OIDs and
// byte order).
const (
	RSA Kind = iota
	GOST512
	GOST256
)

// Key is a private key of one of the kinds.
type Key struct {
	Kind Kind
	RSA  *rsa.PrivateKey
	D    *big.Int        // GOST private scalar
	Pub  *gost.PublicKey // GOST public key
}

var (
	oidGOSTKey512 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 2}
	oidGOSTKey256 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 1}
	oidGOSTSig512 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 3, 2}
	oidGOSTSig256 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 3, 1}
	oidCurve512   = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 2, 1}
	oidCurve256   = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 1, 1}
	// OIDStreebog512 and OIDStreebog256 are NCA's digest OIDs; OIDSHA256 is SHA-256.
	OIDStreebog512 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 3, 3}
	OIDStreebog256 = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 3, 2}
	OIDSHA256      = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidRSASHA256   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
)

// NewKey generates a key of the kind.
func NewKey(kind Kind) *Key {
	k := &Key{Kind: kind}
	if kind == RSA {
		var err error
		if k.RSA, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		return k
	}
	c := k.curve()
	k.D = randScalar(c)
	x, y := c.ScalarBaseMult(k.D)
	k.Pub = &gost.PublicKey{Curve: c, X: x, Y: y}
	return k
}

func (k *Key) curve() *gost.Curve {
	if k.Kind == GOST256 {
		return gost.Tc26256A
	}
	return gost.Tc26512A
}

func randScalar(c *gost.Curve) *big.Int {
	for {
		d, err := rand.Int(rand.Reader, c.Q)
		if err != nil {
			panic(err)
		}
		if d.Sign() > 0 {
			return d
		}
	}
}

// SignatureAlgorithm returns the signature algorithm identifier the key signs with.
func (k *Key) SignatureAlgorithm() pkix.AlgorithmIdentifier {
	switch k.Kind {
	case GOST512:
		return pkix.AlgorithmIdentifier{Algorithm: oidGOSTSig512}
	case GOST256:
		return pkix.AlgorithmIdentifier{Algorithm: oidGOSTSig256}
	}
	return pkix.AlgorithmIdentifier{Algorithm: oidRSASHA256, Parameters: asn1.NullRawValue}
}

// DigestAlgorithm returns the digest algorithm OID the key's signatures use.
func (k *Key) DigestAlgorithm() asn1.ObjectIdentifier {
	switch k.Kind {
	case GOST512:
		return OIDStreebog512
	case GOST256:
		return OIDStreebog256
	}
	return OIDSHA256
}

// Hash returns the digest of data with the key's digest algorithm.
func (k *Key) Hash(data []byte) []byte {
	switch k.Kind {
	case GOST512:
		return gost.Streebog512(data)
	case GOST256:
		return gost.Streebog256(data)
	}
	sum := sha256.Sum256(data)
	return sum[:]
}

// Sign signs data (hashing it first) in the layout of the key's algorithm: PKCS#1 v1.5 for
// RSA, NCA's r‖s little-endian for GOST.
func (k *Key) Sign(data []byte) []byte {
	digest := k.Hash(data)
	if k.Kind == RSA {
		sig, err := rsa.SignPKCS1v15(rand.Reader, k.RSA, crypto.SHA256, digest)
		if err != nil {
			panic(err)
		}
		return sig
	}
	r, s := SignGOST(k.curve(), k.D, digest)
	return gost.Reverse(gost.EncodeSignature(k.curve(), r, s))
}

// SignGOST is GOST R 34.10-2012 signing (RFC 7091 section 6.1) of a digest with a random k:
// r = x(k·G) mod q, s = r·d + k·e mod q.
func SignGOST(c *gost.Curve, d *big.Int, digest []byte) (r, s *big.Int) {
	e := gost.DigestToInt(c, digest)
	for {
		k := randScalar(c)
		x, _ := c.ScalarBaseMult(k)
		r = new(big.Int).Mod(x, c.Q)
		if r.Sign() == 0 {
			continue
		}
		s = new(big.Int).Mul(r, d)
		s.Add(s, new(big.Int).Mul(k, e)).Mod(s, c.Q)
		if s.Sign() != 0 {
			return r, s
		}
	}
}

// SubjectPublicKeyInfo returns the DER SubjectPublicKeyInfo of the key's public half.
func (k *Key) SubjectPublicKeyInfo() []byte {
	if k.Kind == RSA {
		der, err := x509.MarshalPKIXPublicKey(&k.RSA.PublicKey)
		if err != nil {
			panic(err)
		}
		return der
	}
	keyOID, curveOID, digestOID := oidGOSTKey512, oidCurve512, OIDStreebog512
	if k.Kind == GOST256 {
		keyOID, curveOID, digestOID = oidGOSTKey256, oidCurve256, OIDStreebog256
	}
	params := mustMarshal(struct{ Curve, Digest asn1.ObjectIdentifier }{curveOID, digestOID})
	point := mustMarshal(k.Pub.Bytes())
	return mustMarshal(struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}{pkix.AlgorithmIdentifier{Algorithm: keyOID, Parameters: asn1.RawValue{FullBytes: params}},
		asn1.BitString{Bytes: point, BitLength: 8 * len(point)}})
}

func mustMarshal(v any) []byte {
	b, err := asn1.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
