package eds

import (
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"hash"

	"github.com/mektep/mektep/sitecore/eds/gost"
)

// Algorithm names a signature family in results.
const (
	AlgGOST512 = "gost2015-512"
	AlgGOST256 = "gost2015-256"
	AlgRSA     = "rsa"
)

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSigningCertV1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStamp     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}

	oidSHA1   = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}

	// Streebog: Kazakh (NCA) and Russian (TC26) identifiers.
	oidStreebog256KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 3, 2}
	oidStreebog512KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 3, 3}
	oidStreebog256RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidStreebog512RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}

	oidRSA       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidRSASHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidRSASHA384 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidRSASHA512 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}

	// GOST public keys and signatures: NCA's 1.2.398.3.10.1.1.2.x and TC26's 1.2.643.7.1.1.x.
	oidGOSTKey256KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 1}
	oidGOSTKey512KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 2}
	oidGOSTSig256KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 3, 1}
	oidGOSTSig512KZ = asn1.ObjectIdentifier{1, 2, 398, 3, 10, 1, 1, 2, 3, 2}
	oidGOSTKey256RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}
	oidGOSTKey512RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	oidGOSTSig256RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidGOSTSig512RU = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}

	oidEKUTimeStamping = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
	oidExtFreshestCRL  = asn1.ObjectIdentifier{2, 5, 29, 46}
	oidExtCRLNumber    = asn1.ObjectIdentifier{2, 5, 29, 20}
	oidExtDeltaCRL     = asn1.ObjectIdentifier{2, 5, 29, 27}
	oidExtReasonCode   = asn1.ObjectIdentifier{2, 5, 29, 21}
	oidExtIssuingDP    = asn1.ObjectIdentifier{2, 5, 29, 28}
	oidExtAKI          = asn1.ObjectIdentifier{2, 5, 29, 35}
)

// digestAlg is a hash the verifier accepts, with its constructor.
type digestAlg struct {
	oid  asn1.ObjectIdentifier
	name string
	new  func() hash.Hash
}

var digestAlgs = []digestAlg{
	{oidSHA256, "sha256", crypto.SHA256.New},
	{oidSHA384, "sha384", crypto.SHA384.New},
	{oidSHA512, "sha512", crypto.SHA512.New},
	{oidStreebog256KZ, "streebog256", gost.NewStreebog256},
	{oidStreebog512KZ, "streebog512", gost.NewStreebog512},
	{oidStreebog256RU, "streebog256", gost.NewStreebog256},
	{oidStreebog512RU, "streebog512", gost.NewStreebog512},
}

// digestByOID returns the accepted hash of oid; SHA-1 and unknown hashes give nil.
func digestByOID(oid asn1.ObjectIdentifier) *digestAlg {
	for i := range digestAlgs {
		if digestAlgs[i].oid.Equal(oid) {
			return &digestAlgs[i]
		}
	}
	return nil
}

// scheme is a signature algorithm: its result name, the digest it requires and how its
// signature bytes are laid out.
type scheme struct {
	name   string
	digest string // name of the required digestAlg
	gost   bool
	kz     bool // NCA layout: r‖s little-endian (RFC 4491's s‖r big-endian reversed)
	rsa    x509.SignatureAlgorithm
}

// schemeFor returns the scheme of a signature algorithm OID. digest names the digest of a
// SignerInfo whose signatureAlgorithm is a bare key OID (rsaEncryption, or the GOST key OIDs
// OpenSSL writes); it is empty for certificates, CRLs and OCSP answers.
func schemeFor(sigOID asn1.ObjectIdentifier, digest string) *scheme {
	switch {
	case sigOID.Equal(oidGOSTSig512KZ), sigOID.Equal(oidGOSTKey512KZ):
		return &scheme{name: AlgGOST512, digest: "streebog512", gost: true, kz: true}
	case sigOID.Equal(oidGOSTSig256KZ), sigOID.Equal(oidGOSTKey256KZ):
		return &scheme{name: AlgGOST256, digest: "streebog256", gost: true, kz: true}
	case sigOID.Equal(oidGOSTSig512RU), sigOID.Equal(oidGOSTKey512RU):
		return &scheme{name: AlgGOST512, digest: "streebog512", gost: true}
	case sigOID.Equal(oidGOSTSig256RU), sigOID.Equal(oidGOSTKey256RU):
		return &scheme{name: AlgGOST256, digest: "streebog256", gost: true}
	case sigOID.Equal(oidRSASHA256):
		return &scheme{name: AlgRSA, digest: "sha256", rsa: x509.SHA256WithRSA}
	case sigOID.Equal(oidRSASHA384):
		return &scheme{name: AlgRSA, digest: "sha384", rsa: x509.SHA384WithRSA}
	case sigOID.Equal(oidRSASHA512):
		return &scheme{name: AlgRSA, digest: "sha512", rsa: x509.SHA512WithRSA}
	case sigOID.Equal(oidRSA):
		alg := map[string]x509.SignatureAlgorithm{"sha256": x509.SHA256WithRSA,
			"sha384": x509.SHA384WithRSA, "sha512": x509.SHA512WithRSA}[digest]
		if alg == 0 {
			return nil
		}
		return &scheme{name: AlgRSA, digest: digest, rsa: alg}
	}
	return nil
}

// isGOSTKey reports whether oid is a GOST public key algorithm.
func isGOSTKey(oid asn1.ObjectIdentifier) bool {
	return oid.Equal(oidGOSTKey512KZ) || oid.Equal(oidGOSTKey256KZ) ||
		oid.Equal(oidGOSTKey512RU) || oid.Equal(oidGOSTKey256RU)
}
