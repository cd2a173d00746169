package eds

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

func TestSmokeNCA(t *testing.T) {
	var certs []*Certificate
	for _, f := range []string{"root_test_gost_2022.cer", "nca_gost2022_test.cer", "root_rsa_test.cer", "nca_rsa_test.cer"} {
		b, _ := os.ReadFile("testdata/" + f)
		c, err := ParseCertificate(b)
		if err != nil {
			t.Fatal(f, err)
		}
		certs = append(certs, c)
	}
	pool := NewPool(certs...)
	t.Log(len(pool.roots), len(pool.intermediates))
	crlb, _ := os.ReadFile("testdata/nca_gost2022_test.crl")
	crl, err := ParseCRL(crlb)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(crl.CheckSignatureFrom(certs[1]), crl.Number, len(crl.revoked))
	ch := &CRLChecker{Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }}
	ch.Add("http://test.pki.gov.kz/crl/nca_gost2022_test.crl", crl)
	v := &Verifier{Roots: pool, Revocation: ch}
	for _, f := range []string{"cms_gost512_rsa_attached_test123.p7s", "cms_rsa_attached_test123.p7s"} {
		b, _ := os.ReadFile("testdata/" + f)
		res, err := v.Verify(context.Background(), Input{CMS: b, At: time.Date(2022, 9, 28, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		j, _ := json.MarshalIndent(res, "", " ")
		t.Log(string(j))
	}
}
