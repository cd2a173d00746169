package eds

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
)

// essCertID is ESSCertID (RFC 2634) and ESSCertIDv2 (RFC 5035): a hash of the signer's
// certificate and, optionally, its issuer and serial.
type essCertIDv2 struct {
	HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
	CertHash      []byte
	IssuerSerial  issuerSerial `asn1:"optional"`
}

type essCertIDv1 struct {
	CertHash     []byte
	IssuerSerial issuerSerial `asn1:"optional"`
}

type issuerSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

// signingCertificateMatches checks the signingCertificateV2 (or V1) signed attribute, which
// binds the signature to one certificate so another with the same key cannot be swapped in.
// An absent attribute passes; a present one must name cert in its first entry.
func signingCertificateMatches(si *SignerInfo, cert *Certificate) bool {
	if raw, found, err := attr(si.SignedAttrs, oidSigningCertV2); found {
		var v2 struct{ Certs []essCertIDv2 }
		if err != nil || unmarshalAll(raw.FullBytes, &v2) != nil || len(v2.Certs) == 0 {
			return false
		}
		id := v2.Certs[0]
		alg := id.HashAlgorithm.Algorithm
		if len(alg) == 0 {
			alg = oidSHA256 // the DEFAULT of ESSCertIDv2
		}
		d := digestByOID(alg)
		if d == nil {
			return false
		}
		h := d.new()
		h.Write(cert.Raw)
		return bytes.Equal(h.Sum(nil), id.CertHash) && issuerSerialMatches(id.IssuerSerial, cert)
	}
	if raw, found, err := attr(si.SignedAttrs, oidSigningCertV1); found {
		var v1 struct{ Certs []essCertIDv1 }
		if err != nil || unmarshalAll(raw.FullBytes, &v1) != nil || len(v1.Certs) == 0 {
			return false
		}
		sum := sha1.Sum(cert.Raw)
		return bytes.Equal(sum[:], v1.Certs[0].CertHash) && issuerSerialMatches(v1.Certs[0].IssuerSerial, cert)
	}
	return true
}

// issuerSerialMatches compares the optional IssuerSerial; its issuer is GeneralNames, of
// which only the serial is compared (the hash already pins the certificate).
func issuerSerialMatches(is issuerSerial, cert *Certificate) bool {
	return is.Serial == nil || is.Serial.Cmp(cert.SerialNumber) == 0
}

func unmarshalAll(b []byte, v any) error {
	rest, err := asn1.Unmarshal(b, v)
	if err == nil && len(rest) > 0 {
		return asn1.SyntaxError{Msg: "trailing data"}
	}
	return err
}
