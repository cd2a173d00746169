package blindrsa

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCloudflareBlindRSATS checks compatibility with @cloudflare/blindrsa-ts, the library the
// survey page uses: the key formats the server publishes import into WebCrypto, the Go server's
// BlindSign gives exactly the blind signature the TypeScript signer gives (RSA is
// deterministic), Go's Verify accepts the signature the TypeScript client finalized, and
// TypeScript verifies a signature made by the Go side.
func TestCloudflareBlindRSATS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	modules, _ := filepath.Abs("../../var/npm/node_modules")
	if _, err := os.Stat(filepath.Join(modules, "@cloudflare", "blindrsa-ts")); err != nil {
		t.Skip("@cloudflare/blindrsa-ts is not installed: npm install --prefix var/npm @cloudflare/blindrsa-ts@0.4.4")
	}
	sk, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	v := SHA384PSSRandomized
	spki, _ := MarshalPublicKey(&sk.PublicKey)
	pkcs8, _ := MarshalPrivateKey(sk)
	msg := []byte("survey token 0123456789abcdef")
	goPrepared, _ := v.Prepare(rand.Reader, msg)
	blinded, inv, err := v.Blind(rand.Reader, &sk.PublicKey, goPrepared)
	if err != nil {
		t.Fatal(err)
	}
	blindSig, err := BlindSign(sk, blinded)
	if err != nil {
		t.Fatal(err)
	}
	goSig, err := v.Finalize(&sk.PublicKey, goPrepared, blindSig, inv)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString
	job, _ := json.Marshal(map[string]string{"spki": b64(spki), "pkcs8": b64(pkcs8), "msg": b64(msg),
		"go_prepared": b64(goPrepared), "go_sig": b64(goSig)})

	// The script is copied next to node_modules so that node resolves the package from it.
	script, err := os.ReadFile("testdata/crosscheck.mjs")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(filepath.Dir(modules), "crosscheck-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	path := filepath.Join(dir, "crosscheck.mjs")
	if err := os.WriteFile(path, script, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, path)
	cmd.Stdin = bytes.NewReader(job)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var got struct {
		Prepared, Blinded, BlindSig, Sig []byte
		GoVerified                       bool `json:"go_verified"`
	}
	var raw map[string]any
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("answer %q: %v", out, err)
	}
	dec := func(k string) []byte {
		s, _ := raw[k].(string)
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		return b
	}
	got.Prepared, got.Blinded, got.BlindSig, got.Sig = dec("prepared"), dec("blinded"), dec("blind_sig"), dec("sig")
	got.GoVerified, _ = raw["go_verified"].(bool)

	if !got.GoVerified {
		t.Error("blindrsa-ts does not verify the Go signature")
	}
	if len(got.Prepared) != PrefixLen+len(msg) || !bytes.Equal(got.Prepared[PrefixLen:], msg) {
		t.Errorf("TypeScript prepared %x, want a 32-byte prefix and the message", got.Prepared)
	}
	ours, err := BlindSign(sk, got.Blinded)
	if err != nil {
		t.Fatalf("BlindSign(TypeScript's blinded message): %v", err)
	}
	if !bytes.Equal(ours, got.BlindSig) {
		t.Error("Go's BlindSign differs from TypeScript's blindSign on the same blinded message")
	}
	if err := v.Verify(&sk.PublicKey, got.Prepared, got.Sig); err != nil {
		t.Errorf("Verify(TypeScript's signature): %v", err)
	}
}
