package eds

import (
	"bytes"
	"context"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"time"
)

// tstInfo is the content of an RFC 3161 timestamp token; the fields after genTime are not
// needed.
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	Serial  *big.Int
	GenTime time.Time `asn1:"generalized"`
}

// verifyTimestamp checks a signature timestamp token (the unsigned attribute
// id-aa-timeStampToken, RFC 3161 appendix A): a SignedData over a TSTInfo whose message
// imprint is the hash of the signature, signed by a time-stamping authority whose
// certificate chains to the pinned roots at the stamped time. It returns that time.
func (v *Verifier) verifyTimestamp(ctx context.Context, token asn1.RawValue, signature []byte, _ *scheme) (time.Time, error) {
	sd, err := ParseSignedData(token.FullBytes)
	if err != nil {
		return time.Time{}, err
	}
	if !sd.ContentType.Equal(oidTSTInfo) || sd.Content == nil || len(sd.Signers) != 1 {
		return time.Time{}, errors.New("eds: not a timestamp token")
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(sd.Content, &info); err != nil {
		return time.Time{}, err
	}
	d := digestByOID(info.MessageImprint.HashAlgorithm.Algorithm)
	if d == nil {
		return time.Time{}, errors.New("eds: timestamp imprint algorithm refused")
	}
	h := d.new()
	h.Write(signature)
	if !bytes.Equal(h.Sum(nil), info.MessageImprint.HashedMessage) {
		return time.Time{}, errors.New("eds: timestamp is of another signature")
	}
	var s Signer
	tsa, _ := v.checkCore(&s, sd, sd.Signers[0], sd.Content)
	if tsa == nil || len(s.Errors) > 0 {
		return time.Time{}, errors.New("eds: timestamp signature does not verify")
	}
	if !hasEKU(tsa, oidEKUTimeStamping) {
		return time.Time{}, errors.New("eds: timestamp signer is not a time-stamping authority")
	}
	if _, code := v.Roots.Chain(tsa, sd.Certificates, info.GenTime); code != "" {
		return time.Time{}, errors.New("eds: timestamp authority does not chain to a root: " + code)
	}
	return info.GenTime.UTC(), nil
}
