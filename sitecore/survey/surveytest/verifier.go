// Package surveytest holds what tests of surveys share: a stand-in for the EDS verifier
// (sitecore/eds) that reads a test-only text format instead of CMS. Production code never
// imports it.
package surveytest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore/survey"
)

// Verifier stands in for sitecore/eds. Its "CMS" is a test-only text,
//
//	FAKE-CMS
//	iin=990106300596        (or bin=… for an organisation)
//	name=Асанов Асан
//	sha256=<hex of the signed content>
//
// and it checks the digest against the content the server rebuilt, as the real verifier
// checks the CMS messageDigest.
type Verifier struct{}

// CMS returns the fake signature of content by the person with the IIN.
func CMS(iin, name string, content []byte) []byte {
	sum := sha256.Sum256(content)
	return []byte("FAKE-CMS\niin=" + iin + "\nname=" + name + "\nsha256=" + hex.EncodeToString(sum[:]))
}

// VerifyCMS implements survey.SignatureVerifier.
func (Verifier) VerifyCMS(_ context.Context, cms, content []byte, _ time.Time) (*survey.SignerInfo, error) {
	lines := strings.Split(string(cms), "\n")
	if len(lines) != 4 || lines[0] != "FAKE-CMS" {
		return nil, survey.SignatureInvalid("malformed")
	}
	info := &survey.SignerInfo{Algorithm: "rsa", Subject: strings.TrimPrefix(lines[2], "name=")}
	switch {
	case strings.HasPrefix(lines[1], "iin="):
		info.IIN = strings.TrimPrefix(lines[1], "iin=")
	case strings.HasPrefix(lines[1], "bin="):
		info.BIN, info.Organisation = strings.TrimPrefix(lines[1], "bin="), true
	}
	sum := sha256.Sum256(content)
	if strings.TrimPrefix(lines[3], "sha256=") != hex.EncodeToString(sum[:]) {
		return nil, survey.SignatureInvalid("digest_mismatch")
	}
	return info, nil
}
