package eds_test

import (
	"encoding/base64"
	"errors"
	"net/http"
	"testing"

	"github.com/mektep/mektep/sitecore/eds"
)

// FuzzVerify feeds arbitrary bytes to the CMS entry point: it must answer with a result or
// an error, never panic. The seeds are the real NCA signatures of testdata (DER and base64)
// and the NCA CRL.
func FuzzVerify(f *testing.F) {
	for _, name := range []string{"cms_gost512_rsa_attached_test123.p7s", "cms_rsa_attached_test123.p7s"} {
		b := readTestdata(f, name)
		f.Add(b)
		f.Add([]byte(base64.StdEncoding.EncodeToString(b)))
	}
	f.Add(readTestdata(f, "nca_gost2022_test.crl"))
	v := ncaVerifier(f)
	// Mutated certificates name other CRL and OCSP addresses: the fuzzer must not go out on
	// the network, so every request fails at once.
	offline := &http.Client{Transport: failingTransport{}}
	v.Revocation = eds.Checkers{&eds.CRLChecker{Client: offline}, &eds.OCSPChecker{Client: offline}}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := v.Verify(t.Context(), eds.Input{CMS: data, At: ncaAt})
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
		if err == nil && res.Valid && len(res.Signers) == 0 {
			t.Fatal("valid without signers")
		}
		eds.ParseCRL(data)
	})
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline")
}
