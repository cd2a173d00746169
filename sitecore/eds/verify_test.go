package eds_test

import (
	"bytes"
	"context"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

var ballot = []byte(`{"survey":42,"answers":{"q1":"Иә","q2":[1,3]}}`)

func TestValidSignatures(t *testing.T) {
	v := &eds.Verifier{Roots: allRoots()}
	for _, kind := range []edstest.Kind{edstest.RSA, edstest.GOST512, edstest.GOST256} {
		signer := pkiOf(kind).ca.Issue(person(kind))
		for _, detached := range []bool{false, true} {
			cms := signer.Sign(ballot, edstest.SignOptions{Detached: detached}).DER
			for _, enc := range []string{"der", "base64"} {
				t.Run(kindName(kind)+"/"+enc, func(t *testing.T) {
					in := cms
					if enc == "base64" {
						in = []byte(base64.StdEncoding.EncodeToString(cms) + "\n")
					}
					s := check(t, v, eds.Input{CMS: in, Content: ballot})
					wantValid(t, s)
					if s.IIN != "990106300596" || s.Algorithm != kindName(kind) || s.Revocation != "unknown" || s.BIN != "" {
						t.Errorf("signer %+v", s)
					}
					if s.Subject != "CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN990106300596, C=KZ, GIVENNAME=ТЕСТОВИЧ" {
						t.Errorf("subject %q", s.Subject)
					}
				})
			}
			if !detached {
				// Without content from the caller, the attached content is the one checked.
				res, err := v.Verify(context.Background(), eds.Input{CMS: cms})
				if err != nil || !res.Valid || !bytes.Equal(res.Content, ballot) {
					t.Errorf("%s attached without content: %v %+v", kindName(kind), err, res)
				}
			}
		}
	}
}

// TestTamperedSignatures flips one bit in each part of a signature and expects the check
// that guards that part to fail.
func TestTamperedSignatures(t *testing.T) {
	v := &eds.Verifier{Roots: allRoots()}
	for _, kind := range []edstest.Kind{edstest.RSA, edstest.GOST512} {
		signer := pkiOf(kind).ca.Issue(person(kind))
		signed := signer.Sign(ballot, edstest.SignOptions{})
		flip := func(part []byte, offset int) []byte {
			i := bytes.Index(signed.DER, part)
			if i < 0 {
				t.Fatal("part not found in the CMS")
			}
			out := bytes.Clone(signed.DER)
			out[i+offset] ^= 0x01
			return out
		}
		name := kindName(kind)
		t.Run(name+"/content given by the server", func(t *testing.T) {
			other := bytes.Clone(ballot)
			other[len(other)-3] ^= 0x01
			s := check(t, v, eds.Input{CMS: signed.DER, Content: other})
			wantCode(t, s, eds.CodeDigestMismatch)
			if s.DigestMatches || !s.SignatureValid {
				t.Errorf("%+v", s)
			}
		})
		t.Run(name+"/attached content", func(t *testing.T) {
			s := check(t, v, eds.Input{CMS: flip(ballot, 5)})
			wantCode(t, s, eds.CodeDigestMismatch)
		})
		t.Run(name+"/signedAttrs", func(t *testing.T) {
			// The last byte of the signed attributes is inside the messageDigest value.
			s := check(t, v, eds.Input{CMS: flip(signed.SignedAttrs[2:], len(signed.SignedAttrs)-3), Content: ballot})
			wantCode(t, s, eds.CodeSignature)
		})
		t.Run(name+"/signature", func(t *testing.T) {
			s := check(t, v, eds.Input{CMS: flip(signed.Signature, 10), Content: ballot})
			wantCode(t, s, eds.CodeSignature)
			if s.SignatureValid || !s.DigestMatches {
				t.Errorf("%+v", s)
			}
		})
		t.Run(name+"/certificate", func(t *testing.T) {
			// A bit of the holder's name: the CA's signature on the certificate breaks.
			cn := []byte("ТЕСТОВ ТЕСТ")
			i := bytes.Index(signer.Cert.Raw, cn)
			s := check(t, v, eds.Input{CMS: flip(signer.Cert.Raw, i+len(cn)-1), Content: ballot})
			wantCode(t, s, eds.CodeChain)
			if s.ChainValid || !s.SignatureValid {
				t.Errorf("%+v", s)
			}
		})
	}
}

func TestRefusedSignatures(t *testing.T) {
	gostPKI := pkiOf(edstest.GOST512)
	v := &eds.Verifier{Roots: allRoots()}
	now := time.Now()
	tests := []struct {
		name string
		tpl  func(edstest.Template) edstest.Template
		opt  edstest.SignOptions
		code string
	}{
		{"wrong digest algorithm", nil, edstest.SignOptions{DigestOID: edstest.OIDSHA256}, eds.CodeDigestAlgorithm},
		{"missing signedAttrs", nil, edstest.SignOptions{NoSignedAttrs: true}, eds.CodeSignedAttrsMissing},
		{"unknown critical extension", func(t edstest.Template) edstest.Template {
			t.Extra = []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 2, 398, 9, 9}, Critical: true, Value: []byte{5, 0}}}
			return t
		}, edstest.SignOptions{}, eds.CodeCriticalExtension},
		{"authentication key (wrong EKU)", func(t edstest.Template) edstest.Template {
			t.EKU = []asn1.ObjectIdentifier{edstest.EKUClientAuth, edstest.EKUIndividual}
			return t
		}, edstest.SignOptions{}, eds.CodeExtKeyUsage},
		{"key usage without signing", func(t edstest.Template) edstest.Template {
			t.KeyUsage = edstest.KUKeyEncipherment
			return t
		}, edstest.SignOptions{}, eds.CodeKeyUsage},
		{"expired at signing", func(t edstest.Template) edstest.Template {
			t.NotBefore, t.NotAfter = now.Add(-48*time.Hour), now.Add(-24*time.Hour)
			return t
		}, edstest.SignOptions{}, eds.CodeExpired},
		{"not yet valid at signing", func(t edstest.Template) edstest.Template {
			t.NotBefore, t.NotAfter = now.Add(24*time.Hour), now.Add(48*time.Hour)
			return t
		}, edstest.SignOptions{}, eds.CodeNotYetValid},
		{"organisation where individuals are asked", func(t edstest.Template) edstest.Template {
			t.BIN, t.Org = "123456789021", "МЕКТЕП"
			return t
		}, edstest.SignOptions{}, eds.CodeHolder},
		{"no IIN", func(t edstest.Template) edstest.Template {
			t.IIN = ""
			return t
		}, edstest.SignOptions{}, eds.CodeNoIIN},
		{"signing time in the future", nil, edstest.SignOptions{SigningTime: now.Add(time.Hour)}, eds.CodeSigningTime},
		{"signingCertificateV2 of another certificate", nil,
			edstest.SignOptions{AddSigningCertificate: true, SigningCertificate: make([]byte, 32)}, eds.CodeSigningCertificate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := person(edstest.GOST512)
			if tt.tpl != nil {
				tpl = tt.tpl(tpl)
			}
			signer := gostPKI.ca.Issue(tpl)
			s := check(t, v, eds.Input{CMS: signer.Sign(ballot, tt.opt).DER, Content: ballot})
			wantCode(t, s, tt.code)
		})
	}
	t.Run("organisation where organisations are allowed", func(t *testing.T) {
		tpl := person(edstest.GOST512)
		tpl.BIN = "123456789021"
		signer := gostPKI.ca.Issue(tpl)
		pol := eds.Policy{Holders: eds.HolderIndividual | eds.HolderOrganisation}
		s := check(t, v, eds.Input{CMS: signer.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot, Policy: &pol})
		wantValid(t, s)
		if s.BIN != "123456789021" {
			t.Errorf("BIN %q", s.BIN)
		}
	})
	t.Run("signingCertificateV2 of the signer", func(t *testing.T) {
		signer := gostPKI.ca.Issue(person(edstest.GOST512))
		s := check(t, v, eds.Input{CMS: signer.Sign(ballot, edstest.SignOptions{AddSigningCertificate: true}).DER, Content: ballot})
		wantValid(t, s)
	})
	t.Run("detached without content", func(t *testing.T) {
		signer := gostPKI.ca.Issue(person(edstest.GOST512))
		s := check(t, v, eds.Input{CMS: signer.Sign(ballot, edstest.SignOptions{Detached: true}).DER})
		wantCode(t, s, eds.CodeContentMissing)
	})
	t.Run("not a CMS", func(t *testing.T) {
		_, err := v.Verify(context.Background(), eds.Input{CMS: []byte("hello")})
		if e := sitecore.AsError(err); e.Code != sitecore.EInvalid || e.Key != eds.CodeMalformed || e.Field != "signature" {
			t.Errorf("err = %v", err)
		}
	})
}

func TestChainRefusals(t *testing.T) {
	gostPKI := pkiOf(edstest.GOST512)
	v := &eds.Verifier{Roots: allRoots()}
	t.Run("unknown issuer", func(t *testing.T) {
		otherRoot := edstest.NewRoot(edstest.GOST512, "БӨТЕН CA")
		s := check(t, v, eds.Input{CMS: otherRoot.Issue(person(edstest.GOST512)).Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
		wantCode(t, s, eds.CodeUnknownIssuer)
		if s.ChainValid || !s.SignatureValid {
			t.Errorf("%+v", s)
		}
	})
	t.Run("self-made CA copying the NCA CA's name", func(t *testing.T) {
		fake := edstest.NewRoot(edstest.GOST512, "fake")
		fakeCA := fake.Issue(edstest.Template{Kind: edstest.GOST512, IsCA: true, Subject: gostPKI.ca.Cert.RawSubject})
		leaf := fakeCA.Issue(person(edstest.GOST512))
		s := check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{Certificates: []*edstest.Holder{fakeCA}}).DER, Content: ballot})
		wantCode(t, s, eds.CodeChain)
	})
	t.Run("self-signed certificate copying a person's name", func(t *testing.T) {
		self := edstest.NewRoot(edstest.GOST512, "ТЕСТОВ ТЕСТ")
		s := check(t, v, eds.Input{CMS: self.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
		wantCode(t, s, eds.CodeUnknownIssuer)
	})
	t.Run("intermediate carried in the CMS", func(t *testing.T) {
		pool := eds.NewPool(gostPKI.root.Cert)
		leaf := gostPKI.ca.Issue(person(edstest.GOST512))
		v := &eds.Verifier{Roots: pool}
		wantValid(t, check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{Certificates: []*edstest.Holder{gostPKI.ca}}).DER, Content: ballot}))
		s := check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
		wantCode(t, s, eds.CodeUnknownIssuer)
	})
	t.Run("pinned self-signed signer", func(t *testing.T) {
		self := edstest.NewRoot(edstest.GOST512, "ТЕСТОВ ТЕСТ")
		v := &eds.Verifier{Roots: eds.NewPool(self.Cert), Revocation: &eds.CRLChecker{}}
		s := check(t, v, eds.Input{CMS: self.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
		if !s.ChainValid || s.Revocation != eds.StatusUnknown {
			t.Errorf("%+v", s)
		}
	})
	t.Run("verification after the certificate expired", func(t *testing.T) {
		leaf := gostPKI.ca.Issue(person(edstest.GOST512))
		s := check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot, At: time.Now().Add(2 * 365 * 24 * time.Hour)})
		wantCode(t, s, eds.CodeChainExpired)
		if !s.CertificateValidAtSigning {
			t.Error("valid at signing expected")
		}
	})
}

func TestTimestamp(t *testing.T) {
	gostPKI := pkiOf(edstest.GOST512)
	v := &eds.Verifier{Roots: allRoots()}
	tsa := gostPKI.ca.Issue(edstest.Template{Kind: edstest.GOST512, CommonName: "TSA",
		EKU: []asn1.ObjectIdentifier{edstest.EKUTimeStamping}, NotBefore: time.Now().Add(-365 * 24 * time.Hour)})
	leaf := gostPKI.ca.Issue(person(edstest.GOST512))
	stamped := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	s := check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{Timestamp: tsa, TimestampAt: stamped}).DER, Content: ballot})
	wantValid(t, s)
	if s.TimestampTime == nil || !s.TimestampTime.Equal(stamped) {
		t.Errorf("timestamp time %v, want %v", s.TimestampTime, stamped)
	}
	// A token from a signer without the time-stamping usage is refused.
	notTSA := gostPKI.ca.Issue(person(edstest.GOST512))
	s = check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{Timestamp: notTSA}).DER, Content: ballot})
	wantCode(t, s, eds.CodeTimestamp)
	// A stamp before the certificate existed makes the certificate not yet valid at signing.
	s = check(t, v, eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{Timestamp: tsa, TimestampAt: time.Now().Add(-30 * 24 * time.Hour)}).DER, Content: ballot})
	wantCode(t, s, eds.CodeNotYetValid)
}

func TestResultErr(t *testing.T) {
	v := &eds.Verifier{Roots: eds.NewPool()}
	leaf := pkiOf(edstest.GOST512).ca.Issue(person(edstest.GOST512))
	res, err := v.Verify(context.Background(), eds.Input{CMS: leaf.Sign(ballot, edstest.SignOptions{}).DER, Content: ballot})
	if err != nil {
		t.Fatal(err)
	}
	if e := sitecore.AsError(res.Err()); e.Key != eds.CodeUnknownIssuer || e.Code != sitecore.EInvalid {
		t.Errorf("Err() = %v", res.Err())
	}
	for _, code := range eds.Codes {
		for _, l := range []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English} {
			if !sitecore.HasMessage(l, code) {
				t.Errorf("no %s message for %s", l, code)
			}
		}
	}
}
