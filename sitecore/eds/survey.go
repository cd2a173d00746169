package eds

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// SurveyVerifier lets surveys use the verifier: one signer, valid on every check, or an
// EInvalid error on field "cms" naming the first check that failed.
type SurveyVerifier struct{ V *Verifier }

var _ survey.SignatureVerifier = SurveyVerifier{}

// VerifyCMS implements survey.SignatureVerifier.
func (s SurveyVerifier) VerifyCMS(ctx context.Context, cms, content []byte, at time.Time) (*survey.SignerInfo, error) {
	r, err := s.V.Verify(ctx, Input{CMS: cms, Content: content, At: at,
		Policy: &Policy{Holders: HolderIndividual | HolderOrganisation, RequireRevocation: s.V.Policy.RequireRevocation}})
	if err != nil {
		return nil, asCMSField(err)
	}
	if !r.Valid {
		return nil, asCMSField(r.Err())
	}
	if len(r.Signers) != 1 {
		return nil, &sitecore.Error{Code: sitecore.EInvalid, Key: CodeNoSigners, Field: "cms", Op: "eds.Verify"}
	}
	sg := r.Signers[0]
	info := &survey.SignerInfo{IIN: sg.IIN, BIN: sg.BIN, Subject: sg.Subject, Algorithm: sg.Algorithm,
		Organisation: sg.BIN != ""} // the verifier's rule: a BIN in the certificate makes it an organisation's
	if sg.SigningTime != nil {
		info.SignedAt = *sg.SigningTime
	}
	return info, nil
}

func asCMSField(err error) error {
	if e, ok := err.(*sitecore.Error); ok && e.Code == sitecore.EInvalid {
		c := *e
		c.Field = "cms"
		return &c
	}
	return err
}
