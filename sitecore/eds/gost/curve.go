package gost

import (
	"encoding/asn1"
	"math/big"
	"sync"
)

// Curve is a GOST R 34.10-2012 parameter set in short Weierstrass form
// y² = x³ + ax + b over GF(P), with the base point (X, Y) of prime order Q. The parameters
// must not change once the curve is used: its arithmetic and the table of multiples of the
// base point are set up from them on first use.
type Curve struct {
	Name string
	P    *big.Int
	A    *big.Int
	B    *big.Int
	Q    *big.Int
	X    *big.Int
	Y    *big.Int

	opsOnce sync.Once
	opsImpl mulAdder
}

// Size returns the length in bytes of a coordinate, a scalar and half a signature.
func (c *Curve) Size() int { return (c.Q.BitLen() + 7) / 8 }

// IsOnCurve reports whether (x, y) is a point of the curve with coordinates in [0, P).
func (c *Curve) IsOnCurve(x, y *big.Int) bool {
	if x.Sign() < 0 || y.Sign() < 0 || x.Cmp(c.P) >= 0 || y.Cmp(c.P) >= 0 {
		return false
	}
	lhs := new(big.Int).Mul(y, y)
	lhs.Mod(lhs, c.P)
	rhs := new(big.Int).Mul(x, x)
	rhs.Add(rhs, c.A)
	rhs.Mul(rhs, x)
	rhs.Add(rhs, c.B)
	rhs.Mod(rhs, c.P)
	return lhs.Cmp(rhs) == 0
}

func hexInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("gost: bad constant " + s)
	}
	return n
}

// The named parameter sets (RFC 7836 appendix A, RFC 4357 section 11.4). The 256-bit tc26
// set A is a twisted Edwards curve; it is given here in the equivalent Weierstrass form.
var (
	// Tc26512A is id-tc26-gost-3410-12-512-paramSetA, the curve of NCA's GOST-512 keys.
	Tc26512A = &Curve{Name: "tc26-512-A",
		P: hexInt("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc7"),
		A: hexInt("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffdc4"),
		B: hexInt("e8c2505dedfc86ddc1bd0b2b6667f1da34b82574761cb0e879bd081cfd0b6265ee3cb090f30d27614cb4574010da90dd862ef9d4ebee4761503190785a71c760"),
		Q: hexInt("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff27e69532f48d89116ff22b8d4e0560609b4b38abfad2b85dcacdb1411f10b275"),
		X: hexInt("3"),
		Y: hexInt("7503cfe87a836ae3a61b8816e25450e6ce5e1c93acf1abc1778064fdcbefa921df1626be4fd036e93d75e6a50e3a41e98028fe5fc235f5b889a589cb5215f2a4"),
	}
	// Tc26512B is id-tc26-gost-3410-12-512-paramSetB.
	Tc26512B = &Curve{Name: "tc26-512-B",
		P: hexInt("8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006f"),
		A: hexInt("8000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000006c"),
		B: hexInt("687d1b459dc841457e3e06cf6f5e2517b97c7d614af138bcbf85dc806c4b289f3e965d2db1416d217f8b276fad1ab69c50f78bee1fa3106efb8ccbc7c5140116"),
		Q: hexInt("800000000000000000000000000000000000000000000000000000000000000149a1ec142565a545acfdb77bd9d40cfa8b996712101bea0ec6346c54374f25bd"),
		X: hexInt("2"),
		Y: hexInt("1a8f7eda389b094c2c071e3647a8940f3c123b697578c213be6dd9e6c8ec7335dcb228fd1edf4a39152cbcaaf8c0398828041055f94ceeec7e21340780fe41bd"),
	}
	// Tc26256A is id-tc26-gost-3410-2012-256-paramSetA (cofactor 4), NCA's GOST-256 curve.
	Tc26256A = &Curve{Name: "tc26-256-A",
		P: hexInt("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97"),
		A: hexInt("c2173f1513981673af4892c23035a27ce25e2013bf95aa33b22c656f277e7335"),
		B: hexInt("295f9bae7428ed9ccc20e7c359a9d41a22fccd9108e17bf7ba9337a6f8ae9513"),
		Q: hexInt("400000000000000000000000000000000fd8cddfc87b6635c115af556c360c67"),
		X: hexInt("91e38443a5e82c0d880923425712b2bb658b9196932e02c78b2582fe742daa28"),
		Y: hexInt("32879423ab1a0375895786c4bb46e9565fde0b5344766740af268adb32322e5c"),
	}
	// CryptoProA is id-GostR3410-2001-CryptoPro-A-ParamSet (also tc26 256 paramSetB and
	// CryptoPro XchA).
	CryptoProA = &Curve{Name: "cryptopro-A",
		P: hexInt("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd97"),
		A: hexInt("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd94"),
		B: hexInt("a6"),
		Q: hexInt("ffffffffffffffffffffffffffffffff6c611070995ad10045841b09b761b893"),
		X: hexInt("1"),
		Y: hexInt("8d91e471e0989cda27df505a453f2b7635294f2ddf23e3b122acc99c9e9f1e14"),
	}
)

// curveOIDs maps the public-key parameter OIDs of Russian (RFC 4357, RFC 7836) and Kazakh
// (NCA 1.2.398.3.10.1.1.2.x.1) certificates to their curves.
var curveOIDs = []struct {
	oid   asn1.ObjectIdentifier
	curve *Curve
}{
	{asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 2, 1}, Tc26512A},
	{asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 1, 1}, Tc26256A},
	{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}, Tc26512A},
	{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 2}, Tc26512B},
	{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}, Tc26256A},
	{asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 2}, CryptoProA},
	{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 1}, CryptoProA},
	{asn1.ObjectIdentifier{1, 2, 643, 2, 2, 36, 0}, CryptoProA},
}

// CurveByOID returns the curve of a parameter-set OID, or nil for an unknown one.
func CurveByOID(oid asn1.ObjectIdentifier) *Curve {
	for _, c := range curveOIDs {
		if c.oid.Equal(oid) {
			return c.curve
		}
	}
	return nil
}
