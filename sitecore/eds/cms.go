package eds

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"math/big"
)

// SignedData is a parsed CMS SignedData (RFC 5652 section 5).
type SignedData struct {
	// ContentType is eContentType, id-data for NCALayer signatures.
	ContentType asn1.ObjectIdentifier
	// Content is the encapsulated content; nil when the signature is detached.
	Content []byte
	// Certificates are the certificates the CMS carries; entries it could not parse are
	// left out.
	Certificates []*Certificate
	// Signers are the SignerInfos in order.
	Signers []*SignerInfo
}

// SignerInfo is one signature of a SignedData.
type SignerInfo struct {
	issuer        []byte   // raw issuer Name of issuerAndSerialNumber
	serial        *big.Int // serial of issuerAndSerialNumber
	subjectKeyID  []byte   // or the subjectKeyIdentifier
	DigestOID     asn1.ObjectIdentifier
	SignatureOID  asn1.ObjectIdentifier
	signedAttrs   []byte // DER of the signed attributes re-tagged as SET (0x31); nil if absent
	SignedAttrs   []Attribute
	Signature     []byte
	UnsignedAttrs []Attribute
}

// Attribute is a CMS attribute with its values still encoded.
type Attribute struct {
	Type   asn1.ObjectIdentifier
	Values []asn1.RawValue
}

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,tag:0"`
}

type signedDataASN1 struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	EncapContent     struct {
		EContentType asn1.ObjectIdentifier
		EContent     asn1.RawValue `asn1:"explicit,optional,tag:0"`
	}
	Certificates asn1.RawValue `asn1:"optional,tag:0"`
	CRLs         asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos  asn1.RawValue
}

type signerInfoASN1 struct {
	Version            int
	SID                asn1.RawValue
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attributeASN1 struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

// maxCMS bounds the input: a ballot signature is a few kilobytes.
const maxCMS = 4 << 20

// ParseSignedData parses a CMS ContentInfo holding SignedData, DER or base64 of DER (NCALayer
// returns base64; PEM armour and whitespace are tolerated).
func ParseSignedData(data []byte) (*SignedData, error) {
	if len(data) > maxCMS {
		return nil, errors.New("eds: CMS larger than 4 MiB")
	}
	der := decodeBase64(data)
	var ci contentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimRight(rest, "\x00")) > 0 {
		return nil, errors.New("eds: trailing data after the CMS")
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, errors.New("eds: not a SignedData")
	}
	return parseSignedDataBody(ci.Content.Bytes)
}

// decodeBase64 returns the DER inside base64 (with or without PEM lines), or data itself
// when it is already DER.
func decodeBase64(data []byte) []byte {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == 0x30 {
		return data
	}
	var b64 []byte
	for line := range bytes.Lines(trimmed) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("-----")) {
			continue
		}
		b64 = append(b64, line...)
	}
	der, err := base64.StdEncoding.DecodeString(string(b64))
	if err != nil {
		if der, err = base64.RawStdEncoding.DecodeString(string(b64)); err != nil {
			return data
		}
	}
	return der
}

func parseSignedDataBody(body []byte) (*SignedData, error) {
	var sd signedDataASN1
	if _, err := asn1.Unmarshal(body, &sd); err != nil {
		return nil, err
	}
	out := &SignedData{ContentType: sd.EncapContent.EContentType}
	if len(sd.EncapContent.EContent.FullBytes) > 0 {
		var content []byte
		if _, err := asn1.Unmarshal(sd.EncapContent.EContent.Bytes, &content); err != nil {
			return nil, errors.New("eds: eContent is not an OCTET STRING")
		}
		out.Content = content
		if out.Content == nil {
			out.Content = []byte{}
		}
	}
	for rest := sd.Certificates.Bytes; len(rest) > 0; {
		var raw asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &raw); err != nil {
			return nil, err
		}
		if raw.Class != asn1.ClassUniversal || raw.Tag != asn1.TagSequence {
			continue // attribute certificates and other choices are of no use here
		}
		if c, err := parseCertificateCached(raw.FullBytes); err == nil {
			out.Certificates = append(out.Certificates, c)
		}
	}
	if sd.SignerInfos.Tag != asn1.TagSet {
		return nil, errors.New("eds: signerInfos is not a SET")
	}
	for rest := sd.SignerInfos.Bytes; len(rest) > 0; {
		var si signerInfoASN1
		var err error
		if rest, err = asn1.Unmarshal(rest, &si); err != nil {
			return nil, err
		}
		s, err := convertSignerInfo(&si)
		if err != nil {
			return nil, err
		}
		out.Signers = append(out.Signers, s)
	}
	return out, nil
}

func convertSignerInfo(si *signerInfoASN1) (*SignerInfo, error) {
	s := &SignerInfo{DigestOID: si.DigestAlgorithm.Algorithm,
		SignatureOID: si.SignatureAlgorithm.Algorithm, Signature: si.Signature}
	switch {
	case si.SID.Class == asn1.ClassUniversal && si.SID.Tag == asn1.TagSequence:
		var ias struct {
			Issuer asn1.RawValue
			Serial *big.Int
		}
		if _, err := asn1.Unmarshal(si.SID.FullBytes, &ias); err != nil {
			return nil, err
		}
		s.issuer, s.serial = ias.Issuer.FullBytes, ias.Serial
	case si.SID.Class == asn1.ClassContextSpecific && si.SID.Tag == 0:
		s.subjectKeyID = si.SID.Bytes
	default:
		return nil, errors.New("eds: unknown signer identifier")
	}
	if len(si.SignedAttrs.FullBytes) > 0 {
		// The signature covers the DER of the attributes as a SET OF, not the [0] tag.
		s.signedAttrs = append([]byte{0x31}, si.SignedAttrs.FullBytes[1:]...)
		attrs, err := parseAttributes(si.SignedAttrs.Bytes)
		if err != nil {
			return nil, err
		}
		s.SignedAttrs = attrs
	}
	if len(si.UnsignedAttrs.FullBytes) > 0 {
		attrs, err := parseAttributes(si.UnsignedAttrs.Bytes)
		if err != nil {
			return nil, err
		}
		s.UnsignedAttrs = attrs
	}
	return s, nil
}

func parseAttributes(b []byte) ([]Attribute, error) {
	var out []Attribute
	for len(b) > 0 {
		var a attributeASN1
		var err error
		if b, err = asn1.Unmarshal(b, &a); err != nil {
			return nil, err
		}
		if a.Values.Tag != asn1.TagSet {
			return nil, errors.New("eds: attribute values are not a SET")
		}
		attr := Attribute{Type: a.Type}
		for vals := a.Values.Bytes; len(vals) > 0; {
			var v asn1.RawValue
			if vals, err = asn1.Unmarshal(vals, &v); err != nil {
				return nil, err
			}
			attr.Values = append(attr.Values, v)
		}
		out = append(out, attr)
	}
	return out, nil
}

// attr returns the single value of the attribute of type oid; found is false when it is
// absent, err set when it appears twice or has other than one value.
func attr(attrs []Attribute, oid asn1.ObjectIdentifier) (v asn1.RawValue, found bool, err error) {
	for _, a := range attrs {
		if !a.Type.Equal(oid) {
			continue
		}
		if found || len(a.Values) != 1 {
			return v, true, errors.New("eds: attribute " + oid.String() + " repeated")
		}
		v, found = a.Values[0], true
	}
	return v, found, nil
}

// certificateFor finds the signer's certificate among certs.
func (s *SignerInfo) certificateFor(certs []*Certificate) *Certificate {
	for _, c := range certs {
		if s.subjectKeyID != nil {
			if bytes.Equal(c.SubjectKeyId, s.subjectKeyID) {
				return c
			}
			continue
		}
		if c.SerialNumber.Cmp(s.serial) == 0 && bytes.Equal(c.RawIssuer, s.issuer) {
			return c
		}
	}
	return nil
}
