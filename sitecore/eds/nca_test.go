package eds_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore/eds"
)

// The real NCA files of testdata (see testdata/SOURCES.md). Their certificates expired long
// ago, so they verify at a time when they were valid: just after the GOST signature was made
// (2022-09-27 21:17:59Z).
var ncaAt = time.Date(2022, 9, 28, 0, 0, 0, 0, time.UTC)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ncaPool(t testing.TB) *eds.Pool {
	p := eds.NewPool()
	for _, f := range []string{"root_test_gost_2022.cer", "nca_gost2022_test.cer", "root_rsa_test.cer", "nca_rsa_test.cer"} {
		c, err := eds.ParseCertificate(readTestdata(t, f))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		p.Add(c)
	}
	if len(p.Roots()) != 2 || p.Len() != 4 {
		t.Fatalf("pool: %d roots of %d", len(p.Roots()), p.Len())
	}
	return p
}

// ncaVerifier checks revocation against NCA's published test CRL, put into the cache as if
// downloaded from the address the certificates name (the test runs offline).
func ncaVerifier(t testing.TB) *eds.Verifier {
	crl, err := eds.ParseCRL(readTestdata(t, "nca_gost2022_test.crl"))
	if err != nil {
		t.Fatal(err)
	}
	crls := &eds.CRLChecker{Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }}
	crls.Add("http://test.pki.gov.kz/crl/nca_gost2022_test.crl", crl)
	return &eds.Verifier{Roots: ncaPool(t), Revocation: crls}
}

func TestNCAGOSTAndRSASignatures(t *testing.T) {
	v := ncaVerifier(t)
	cms := readTestdata(t, "cms_gost512_rsa_attached_test123.p7s")
	content := readTestdata(t, "content_test123.bin")
	res, err := v.Verify(t.Context(), eds.Input{CMS: cms, Content: content, At: ncaAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Signers) != 2 {
		t.Fatalf("%d signers", len(res.Signers))
	}
	g := res.Signers[0]
	wantValid(t, g)
	if g.IIN != "123456789012" || g.Algorithm != eds.AlgGOST512 || g.Revocation != eds.StatusGood ||
		g.SigningTime == nil || !g.SigningTime.Equal(time.Date(2022, 9, 27, 21, 17, 59, 0, time.UTC)) {
		t.Errorf("GOST signer %+v", g)
	}
	// The trap of SOURCES.md: the RSA signer's mathematics is right, but its certificate had
	// expired before the signing time, so the signature is not valid.
	r := res.Signers[1]
	if !r.SignatureValid || !r.DigestMatches || r.CertificateValidAtSigning || r.Algorithm != eds.AlgRSA {
		t.Errorf("RSA signer %+v", r)
	}
	wantCode(t, r, eds.CodeExpired)
	if res.Valid {
		t.Error("CMS with an expired signer reported valid")
	}
	// Today the GOST certificate is expired too: valid at signing, not now.
	res, _ = v.Verify(t.Context(), eds.Input{CMS: cms, Content: content})
	wantCode(t, res.Signers[0], eds.CodeChainExpired)
	if !res.Signers[0].CertificateValidAtSigning || !res.Signers[0].SignatureValid {
		t.Errorf("GOST signer now %+v", res.Signers[0])
	}
}

func TestNCARSAOnlySignature(t *testing.T) {
	v := ncaVerifier(t)
	res, err := v.Verify(t.Context(), eds.Input{CMS: readTestdata(t, "cms_rsa_attached_test123.p7s"), At: time.Date(2022, 9, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Signers[0]
	if !s.SignatureValid || !s.DigestMatches || s.IIN != "123456789011" || res.Valid {
		t.Errorf("%+v", s)
	}
	wantCode(t, s, eds.CodeExpired)
}

// TestNCATampered flips one bit in each part of the real NCA CMS.
func TestNCATampered(t *testing.T) {
	v := ncaVerifier(t)
	cms := readTestdata(t, "cms_gost512_rsa_attached_test123.p7s")
	content := readTestdata(t, "content_test123.bin")
	userCert := readTestdata(t, "user_gost512_iin123456789012_2022.cer")
	flip := func(part []byte, offset int) []byte {
		i := bytes.Index(cms, part)
		if i < 0 {
			t.Fatal("part not found")
		}
		out := bytes.Clone(cms)
		out[i+offset] ^= 0x01
		return out
	}
	// The signed attributes of signer 0 contain its signing time "220927211759Z".
	tests := []struct {
		name    string
		cms     []byte
		content []byte
		code    string
	}{
		{"content", flip([]byte("test123"), 3), nil, eds.CodeDigestMismatch},
		{"content given by the server", cms, []byte("test124"), eds.CodeDigestMismatch},
		{"signedAttrs", flip([]byte("220927211759Z"), 11), content, eds.CodeSignature},
		{"certificate", flip(userCert[200:260], 7), content, eds.CodeChain},
	}
	sig := ncaSignature(t, cms)
	tests = append(tests, struct {
		name    string
		cms     []byte
		content []byte
		code    string
	}{"signature", flip(sig, 40), content, eds.CodeSignature})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := v.Verify(t.Context(), eds.Input{CMS: tt.cms, Content: tt.content, At: ncaAt})
			if err != nil {
				t.Fatal(err)
			}
			wantCode(t, res.Signers[0], tt.code)
			if res.Valid {
				t.Error("valid")
			}
		})
	}
}

// ncaSignature returns the GOST signature value of the NCA CMS's first signer.
func ncaSignature(t *testing.T, cms []byte) []byte {
	sd, err := eds.ParseSignedData(cms)
	if err != nil {
		t.Fatal(err)
	}
	return sd.Signers[0].Signature
}

func TestNCACRL(t *testing.T) {
	crl, err := eds.ParseCRL(readTestdata(t, "nca_gost2022_test.crl"))
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := eds.ParseCertificate(readTestdata(t, "nca_gost2022_test.cer"))
	root, _ := eds.ParseCertificate(readTestdata(t, "root_test_gost_2022.cer"))
	if err := crl.CheckSignatureFrom(ca); err != nil {
		t.Errorf("NCA CRL signature: %v", err)
	}
	if crl.CheckSignatureFrom(root) == nil {
		t.Error("CRL accepted as signed by the root")
	}
	if crl.Number == nil || crl.Number.Int64() != 166 || !crl.NextUpdate.Equal(time.Date(2027, 2, 7, 3, 49, 19, 0, time.UTC)) {
		t.Errorf("number %v next %v", crl.Number, crl.NextUpdate)
	}
	bad := readTestdata(t, "nca_gost2022_test.crl")
	bad[len(bad)-20] ^= 1
	if crl2, err := eds.ParseCRL(bad); err == nil && crl2.CheckSignatureFrom(ca) == nil {
		t.Error("tampered CRL accepted")
	}
}

func TestLoadPool(t *testing.T) {
	dir := t.TempDir()
	root := readTestdata(t, "root_test_gost_2022.cer")
	ca := readTestdata(t, "nca_gost2022_test.cer")
	os.WriteFile(filepath.Join(dir, "root.cer"), root, 0o644)
	os.WriteFile(filepath.Join(dir, "ca.pem"), pemCert(ca), 0o644)
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("ignored"), 0o644)
	p, err := eds.LoadPool(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Roots()) != 1 || p.Len() != 2 {
		t.Errorf("%d roots of %d", len(p.Roots()), p.Len())
	}
	os.WriteFile(filepath.Join(dir, "broken.cer"), []byte("nonsense"), 0o644)
	if _, err := eds.LoadPool(dir); err == nil || !bytes.Contains([]byte(err.Error()), []byte("broken.cer")) {
		t.Errorf("broken file: %v", err)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "ca.cer"), ca, 0o644)
	if _, err := eds.LoadPool(empty); err == nil {
		t.Error("pool without a root accepted")
	}
}
