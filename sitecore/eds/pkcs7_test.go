package eds_test

import (
	"testing"

	"github.com/digitorus/pkcs7"

	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

// TestPKCS7MadeRSA verifies RSA CMS made by github.com/digitorus/pkcs7, an encoder
// independent of edstest, attached and detached; and has that library check the CMS
// edstest makes, so the two sides agree on the RSA format.
func TestPKCS7MadeRSA(t *testing.T) {
	ca := pkiOf(edstest.RSA).ca
	signer := ca.Issue(person(edstest.RSA))
	v := &eds.Verifier{Roots: allRoots()}
	for _, detached := range []bool{false, true} {
		sd, err := pkcs7.NewSignedData(ballot)
		if err != nil {
			t.Fatal(err)
		}
		sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
		if err := sd.AddSigner(signer.Cert.Certificate, signer.Key.RSA, pkcs7.SignerInfoConfig{}); err != nil {
			t.Fatal(err)
		}
		if detached {
			sd.Detach()
		}
		der, err := sd.Finish()
		if err != nil {
			t.Fatal(err)
		}
		s := check(t, v, eds.Input{CMS: der, Content: ballot})
		wantValid(t, s)
		other := append([]byte(nil), ballot...)
		other[0] ^= 1
		wantCode(t, check(t, v, eds.Input{CMS: der, Content: other}), eds.CodeDigestMismatch)
	}
	p7, err := pkcs7.Parse(signer.Sign(ballot, edstest.SignOptions{}).DER)
	if err != nil {
		t.Fatal(err)
	}
	if err := p7.Verify(); err != nil {
		t.Errorf("pkcs7 refuses edstest's RSA CMS: %v", err)
	}
}
