package eds

import (
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"
	"sync"

	"github.com/mektep/mektep/sitecore/eds/gost"
)

// Certificate is a parsed X.509 certificate with its GOST public key decoded, since
// crypto/x509 parses GOST certificates but leaves their key empty.
type Certificate struct {
	*x509.Certificate
	// GOST is the public key of a GOST certificate, nil for RSA.
	GOST *gost.PublicKey
	// Fingerprint is the hex SHA-256 of the DER, the key of caches and pins.
	Fingerprint string
	// SignatureOID is the issuer's signature algorithm (crypto/x509 keeps only an enum,
	// which has no value for GOST).
	SignatureOID asn1.ObjectIdentifier
}

// ParseCertificate parses one DER certificate.
func ParseCertificate(der []byte) (*Certificate, error) {
	xc, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return wrapCertificate(xc)
}

// certCache keeps parsed certificates by their SHA-256: every ballot of a vote carries the
// same few CA certificates and one per voter, and parsing one (with the RSA modulus
// precomputation crypto/rsa keeps per key) costs as much as half a signature check. Parsed
// certificates are never modified, so they are shared.
var certCache = struct {
	sync.Mutex
	m map[[32]byte]*Certificate
}{m: map[[32]byte]*Certificate{}}

// maxCertCache bounds certCache; it is cleared when full.
const maxCertCache = 20000

// parseCertificateCached is ParseCertificate through certCache.
func parseCertificateCached(der []byte) (*Certificate, error) {
	sum := sha256.Sum256(der)
	certCache.Lock()
	c := certCache.m[sum]
	certCache.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	certCache.Lock()
	if len(certCache.m) >= maxCertCache {
		clear(certCache.m)
	}
	certCache.m[sum] = c
	certCache.Unlock()
	return c, nil
}

func wrapCertificate(xc *x509.Certificate) (*Certificate, error) {
	sum := sha256.Sum256(xc.Raw)
	c := &Certificate{Certificate: xc, Fingerprint: hex.EncodeToString(sum[:])}
	var outer struct {
		TBS       asn1.RawValue
		Algorithm pkix.AlgorithmIdentifier
	}
	if _, err := asn1.Unmarshal(xc.Raw, &outer); err != nil {
		return nil, err
	}
	c.SignatureOID = outer.Algorithm.Algorithm
	var spki struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(xc.RawSubjectPublicKeyInfo, &spki); err != nil {
		return nil, err
	}
	if !isGOSTKey(spki.Algorithm.Algorithm) {
		return c, nil
	}
	var params struct {
		Curve  asn1.ObjectIdentifier
		Digest asn1.ObjectIdentifier `asn1:"optional"`
	}
	if _, err := asn1.Unmarshal(spki.Algorithm.Parameters.FullBytes, &params); err != nil {
		return nil, errors.New("eds: GOST key parameters unreadable")
	}
	curve := gost.CurveByOID(params.Curve)
	if curve == nil {
		return nil, errors.New("eds: unknown GOST curve " + params.Curve.String())
	}
	var point []byte
	if _, err := asn1.Unmarshal(spki.PublicKey.RightAlign(), &point); err != nil {
		return nil, errors.New("eds: GOST key is not an OCTET STRING")
	}
	key, err := gost.ParsePublicKey(curve, point)
	if err != nil {
		return nil, err
	}
	c.GOST = key
	return c, nil
}

// checkSignature verifies sig over signed with the key of c, by the algorithm sigOID;
// digest is the name of the digest for bare key OIDs (SignerInfo only).
func (c *Certificate) checkSignature(sigOID asn1.ObjectIdentifier, digest string, signed, sig []byte) error {
	sch := schemeFor(sigOID, digest)
	if sch == nil {
		return errUnknownAlgorithm
	}
	return c.checkScheme(sch, signed, sig)
}

var (
	errUnknownAlgorithm = errors.New("eds: unknown signature algorithm")
	errBadSignature     = errors.New("eds: signature does not verify")
)

func (c *Certificate) checkScheme(sch *scheme, signed, sig []byte) error {
	if !sch.gost {
		if c.GOST != nil {
			return errBadSignature
		}
		if err := c.CheckSignature(sch.rsa, signed, sig); err != nil {
			return errBadSignature
		}
		return nil
	}
	if c.GOST == nil || (sch.name == AlgGOST512) != (c.GOST.Curve.Size() == 64) {
		return errBadSignature
	}
	h := digestNamed(sch.digest).new()
	h.Write(signed)
	if sch.kz {
		sig = gost.Reverse(sig)
	}
	if !gost.Verify(c.GOST, h.Sum(nil), sig) {
		return errBadSignature
	}
	return nil
}

func digestNamed(name string) *digestAlg {
	for i := range digestAlgs {
		if digestAlgs[i].name == name {
			return &digestAlgs[i]
		}
	}
	panic("eds: no digest " + name)
}

// algorithmName names the signature family of the certificate's key.
func (c *Certificate) algorithmName() string {
	switch {
	case c.GOST == nil:
		return AlgRSA
	case c.GOST.Curve.Size() == 64:
		return AlgGOST512
	default:
		return AlgGOST256
	}
}

var (
	iinPattern = regexp.MustCompile(`^IIN(\d{12})$`)
	binPattern = regexp.MustCompile(`^BIN(\d{12})$`)
)

// IIN returns the holder's IIN from the subject serialNumber ("IIN" + 12 digits), or "".
// The national PKI's test certificates carry IINs that fail the checksum, so it is not
// checked here.
func (c *Certificate) IIN() string {
	if m := iinPattern.FindStringSubmatch(c.Subject.SerialNumber); m != nil {
		return m[1]
	}
	return ""
}

// BIN returns the organisation's BIN from the subject OU ("BIN" + 12 digits), or "".
func (c *Certificate) BIN() string {
	for _, ou := range c.Subject.OrganizationalUnit {
		if m := binPattern.FindStringSubmatch(ou); m != nil {
			return m[1]
		}
	}
	return ""
}

var attrNames = map[string]string{
	"2.5.4.3": "CN", "2.5.4.4": "SURNAME", "2.5.4.5": "SERIALNUMBER", "2.5.4.6": "C",
	"2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.42": "GIVENNAME",
	"1.2.840.113549.1.9.1": "E", "0.9.2342.19200300.100.1.25": "DC",
}

// SubjectString renders the subject in order, with the names NCA uses (CN, SURNAME,
// SERIALNUMBER, C, GIVENNAME, O, OU, ...), in readable UTF-8.
func (c *Certificate) SubjectString() string {
	parts := make([]string, 0, len(c.Subject.Names))
	for _, atv := range c.Subject.Names {
		name, ok := attrNames[atv.Type.String()]
		if !ok {
			name = atv.Type.String()
		}
		v, _ := atv.Value.(string)
		parts = append(parts, name+"="+v)
	}
	return strings.Join(parts, ", ")
}
