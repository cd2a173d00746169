package eds_test

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
	"github.com/mektep/mektep/sitecore/eds/gost"
)

// gostOpenSSL skips the test unless the openssl command has the GOST engine (Debian package
// libengine-gost-openssl), the independent implementation these tests compare with.
func gostOpenSSL(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed; apt-get install -y openssl libengine-gost-openssl")
	}
	if out, err := exec.Command("openssl", "engine", "gost").CombinedOutput(); err != nil || !strings.Contains(string(out), "gost") {
		t.Skip("OpenSSL GOST engine missing; apt-get install -y libengine-gost-openssl")
	}
}

func runOpenSSL(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestOpenSSLSignsWeVerify makes a GOST-512 CA, a signer and a CMS with OpenSSL's GOST engine
// (Russian OIDs, RFC 4491 byte order) and verifies the CMS with this package.
func TestOpenSSLSignsWeVerify(t *testing.T) {
	gostOpenSSL(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "leaf.ext"), []byte("keyUsage=critical,digitalSignature,nonRepudiation\n"+
		"extendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "ballot.txt"), ballot, 0o644)
	e := []string{"-engine", "gost"}
	runOpenSSL(t, dir, append([]string{"genpkey"}, append(e, "-algorithm", "gost2012_512", "-pkeyopt", "paramset:A", "-out", "ca.key")...)...)
	runOpenSSL(t, dir, append([]string{"req"}, append(e, "-x509", "-new", "-key", "ca.key", "-md_gost12_512", "-days", "30",
		"-subj", "/CN=OpenSSL GOST CA/C=KZ", "-addext", "basicConstraints=critical,CA:TRUE",
		"-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem")...)...)
	runOpenSSL(t, dir, append([]string{"genpkey"}, append(e, "-algorithm", "gost2012_512", "-pkeyopt", "paramset:A", "-out", "leaf.key")...)...)
	runOpenSSL(t, dir, append([]string{"req"}, append(e, "-new", "-key", "leaf.key", "-md_gost12_512", "-utf8",
		"-subj", "/CN=ТЕСТОВ ТЕСТ/serialNumber=IIN990106300596/C=KZ", "-out", "leaf.csr")...)...)
	runOpenSSL(t, dir, append([]string{"x509"}, append(e, "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
		"-CAcreateserial", "-days", "30", "-md_gost12_512", "-extfile", "leaf.ext", "-out", "leaf.pem")...)...)
	runOpenSSL(t, dir, append([]string{"cms"}, append(e, "-sign", "-binary", "-nodetach", "-md", "md_gost12_512",
		"-signer", "leaf.pem", "-inkey", "leaf.key", "-in", "ballot.txt", "-outform", "DER", "-out", "ballot.p7s")...)...)

	pool, err := eds.LoadPool(dir)
	if err != nil {
		t.Fatal(err)
	}
	cms, _ := os.ReadFile(filepath.Join(dir, "ballot.p7s"))
	v := &eds.Verifier{Roots: pool}
	s := check(t, v, eds.Input{CMS: cms, Content: ballot})
	wantValid(t, s)
	if s.Algorithm != eds.AlgGOST512 || s.IIN != "990106300596" {
		t.Errorf("%+v", s)
	}
	tampered := append([]byte(nil), ballot...)
	tampered[0] ^= 1
	wantCode(t, check(t, v, eds.Input{CMS: cms, Content: tampered}), eds.CodeDigestMismatch)
}

// TestOpenSSLVerifiesOurSignatures signs with the test signer (GOST-512 and -256) and has
// OpenSSL check the signature with the same public key under Russian OIDs.
func TestOpenSSLVerifiesOurSignatures(t *testing.T) {
	gostOpenSSL(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ballot.txt")
	os.WriteFile(data, ballot, 0o644)
	for _, tc := range []struct {
		kind             edstest.Kind
		keyOID, curveOID asn1.ObjectIdentifier
		md               string
	}{
		{edstest.GOST512, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}, "-md_gost12_512"},
		{edstest.GOST256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1}, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 1, 1}, "-md_gost12_256"},
	} {
		key := edstest.NewKey(tc.kind)
		point, _ := asn1.Marshal(key.Pub.Bytes())
		params, _ := asn1.Marshal(struct{ Curve asn1.ObjectIdentifier }{tc.curveOID})
		spki, _ := asn1.Marshal(struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}{pkix.AlgorithmIdentifier{Algorithm: tc.keyOID, Parameters: asn1.RawValue{FullBytes: params}},
			asn1.BitString{Bytes: point, BitLength: 8 * len(point)}})
		pub := filepath.Join(dir, "pub.pem")
		os.WriteFile(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), 0o644)
		// The test signer writes NCA's layout; OpenSSL reads RFC 4491's, the same bytes reversed.
		sig := filepath.Join(dir, "ballot.sig")
		os.WriteFile(sig, gost.Reverse(key.Sign(ballot)), 0o644)
		runOpenSSL(t, dir, "dgst", "-engine", "gost", tc.md, "-verify", pub, "-signature", sig, data)
		bad := gost.Reverse(key.Sign(ballot))
		bad[5] ^= 1
		os.WriteFile(sig, bad, 0o644)
		cmd := exec.Command("openssl", "dgst", "-engine", "gost", tc.md, "-verify", pub, "-signature", sig, data)
		if out, err := cmd.CombinedOutput(); err == nil {
			t.Errorf("OpenSSL accepted a flipped signature: %s", out)
		}
	}
}
