package edstest

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"slices"
	"time"
)

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidContentType   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMessageDigest = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidSigningCertV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStamp     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

// SignOptions shape a CMS signature; the zero value makes what NCALayer makes: attached,
// signed attributes contentType, signingTime (now) and messageDigest.
type SignOptions struct {
	Detached      bool
	SigningTime   time.Time // zero is now
	NoSignedAttrs bool      // sign the content directly (refused by the verifier)
	// DigestOID overrides the digest algorithm named in the SignerInfo (the digest itself
	// is still computed with the key's own hash).
	DigestOID asn1.ObjectIdentifier
	// SigningCertificateV2 adds the attribute naming this certificate hash (SHA-256); nil
	// names the signer's own certificate when AddSigningCertificate is set.
	AddSigningCertificate bool
	SigningCertificate    []byte
	// Timestamp, when set, adds a signature timestamp token made by this TSA at TimestampAt.
	Timestamp   *Holder
	TimestampAt time.Time
	// Certificates are carried in the CMS besides the signer's (intermediates).
	Certificates []*Holder
	// ContentType overrides id-data.
	ContentType asn1.ObjectIdentifier
}

// Signed is a CMS made by Sign, with the pieces tests tamper with.
type Signed struct {
	DER         []byte
	SignedAttrs []byte // DER as signed (SET OF, 0x31)
	Signature   []byte
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values []asn1.RawValue `asn1:"set"`
}

// Sign makes a CMS SignedData of content signed by h.
func (h *Holder) Sign(content []byte, o SignOptions) *Signed {
	ct := o.ContentType
	if ct == nil {
		ct = oidData
	}
	digestOID := o.DigestOID
	if digestOID == nil {
		digestOID = h.Key.DigestAlgorithm()
	}
	out := &Signed{}
	var rawAttrs asn1.RawValue
	toSign := content
	if !o.NoSignedAttrs {
		st := o.SigningTime
		if st.IsZero() {
			st = time.Now()
		}
		attrs := []attribute{
			{oidContentType, []asn1.RawValue{{FullBytes: mustMarshal(ct)}}},
			{oidSigningTime, []asn1.RawValue{{FullBytes: mustMarshal(st.UTC())}}},
			{oidMessageDigest, []asn1.RawValue{{FullBytes: mustMarshal(h.Key.Hash(content))}}},
		}
		if o.AddSigningCertificate {
			certHash := o.SigningCertificate
			if certHash == nil {
				sum := sha256.Sum256(h.Cert.Raw)
				certHash = sum[:]
			}
			v2 := mustMarshal(struct{ Certs []struct{ Hash []byte } }{[]struct{ Hash []byte }{{certHash}}})
			attrs = append(attrs, attribute{oidSigningCertV2, []asn1.RawValue{{FullBytes: v2}}})
		}
		out.SignedAttrs = setOf(attrs)
		toSign = out.SignedAttrs
		rawAttrs = asn1.RawValue{FullBytes: append([]byte{0xa0}, out.SignedAttrs[1:]...)}
	}
	out.Signature = h.Key.Sign(toSign)
	var unsigned asn1.RawValue
	if o.Timestamp != nil {
		token := o.Timestamp.timestampToken(out.Signature, o.TimestampAt)
		u := setOf([]attribute{{oidTimeStamp, []asn1.RawValue{{FullBytes: token}}}})
		unsigned = asn1.RawValue{FullBytes: append([]byte{0xa1}, u[1:]...)}
	}
	si := mustMarshal(struct {
		Version int
		SID     struct {
			Issuer asn1.RawValue
			Serial *big.Int
		}
		DigestAlgorithm    pkix.AlgorithmIdentifier
		SignedAttrs        asn1.RawValue `asn1:"optional"`
		SignatureAlgorithm pkix.AlgorithmIdentifier
		Signature          []byte
		UnsignedAttrs      asn1.RawValue `asn1:"optional"`
	}{1, struct {
		Issuer asn1.RawValue
		Serial *big.Int
	}{asn1.RawValue{FullBytes: h.Cert.RawIssuer}, h.Cert.SerialNumber},
		pkix.AlgorithmIdentifier{Algorithm: digestOID}, rawAttrs, h.Key.SignatureAlgorithm(),
		out.Signature, unsigned})
	certs := [][]byte{h.Cert.Raw}
	for _, c := range o.Certificates {
		certs = append(certs, c.Cert.Raw)
	}
	var encap []byte
	if !o.Detached {
		encap = content
	}
	out.DER = signedData(ct, encap, !o.Detached, digestOID, certs, si)
	return out
}

// signedData assembles a ContentInfo of SignedData with one SignerInfo.
func signedData(ct asn1.ObjectIdentifier, content []byte, attached bool, digestOID asn1.ObjectIdentifier, certs [][]byte, signerInfo []byte) []byte {
	// RawValues are written as they are, so the explicit [0] wrappers are built by hand.
	encap := struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue `asn1:"optional"`
	}{Type: ct}
	if attached {
		encap.Content = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: mustMarshal(content)}
	}
	var certBytes []byte
	for _, c := range certs {
		certBytes = append(certBytes, c...)
	}
	sd := mustMarshal(struct {
		Version      int
		Digests      []pkix.AlgorithmIdentifier `asn1:"set"`
		Encap        any
		Certificates asn1.RawValue
		SignerInfos  asn1.RawValue
	}{1, []pkix.AlgorithmIdentifier{{Algorithm: digestOID}}, encap,
		asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certBytes},
		asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: signerInfo}})
	return mustMarshal(struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue
	}{oidSignedData, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd}})
}

// setOf encodes attributes as a DER SET OF: elements sorted by their encodings.
func setOf(attrs []attribute) []byte {
	enc := make([][]byte, len(attrs))
	for i, a := range attrs {
		enc[i] = mustMarshal(a)
	}
	slices.SortFunc(enc, bytes.Compare)
	return mustMarshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: bytes.Join(enc, nil)})
}

// timestampToken makes an RFC 3161 token over signature, stamped at (now when zero).
func (h *Holder) timestampToken(signature []byte, at time.Time) []byte {
	if at.IsZero() {
		at = time.Now()
	}
	sum := sha256.Sum256(signature)
	info := mustMarshal(struct {
		Version        int
		Policy         asn1.ObjectIdentifier
		MessageImprint struct {
			HashAlgorithm pkix.AlgorithmIdentifier
			HashedMessage []byte
		}
		Serial  *big.Int
		GenTime time.Time `asn1:"generalized"`
	}{1, asn1.ObjectIdentifier{1, 2, 398, 3, 3, 2, 6, 1}, struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}{pkix.AlgorithmIdentifier{Algorithm: OIDSHA256}, sum[:]}, big.NewInt(time.Now().UnixNano()), at.UTC().Truncate(time.Second)})
	return h.Sign(info, SignOptions{ContentType: oidTSTInfo, SigningTime: at}).DER
}
