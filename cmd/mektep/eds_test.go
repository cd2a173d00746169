package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/eds"
	"github.com/mektep/mektep/sitecore/eds/edstest"
)

func TestEDSVerifyCommand(t *testing.T) {
	root := edstest.NewRoot(edstest.GOST512, "TEST ROOT")
	ca := root.Issue(edstest.Template{Kind: edstest.GOST512, CommonName: "TEST CA", IsCA: true})
	srv := edstest.NewServer(ca)
	defer srv.Close()
	crlURL := srv.URL + "/crl/ca.crl"
	tpl := edstest.Individual(edstest.GOST512, "990106300596", "ТЕСТОВ", "ТЕСТ")
	tpl.CRL = []string{crlURL}
	good, revoked := ca.Issue(tpl), ca.Issue(tpl)
	srv.PublishCRL("ca.crl", ca.CRL([]edstest.Revoked{{Serial: revoked.Cert.SerialNumber, At: time.Now().Add(-time.Hour)}}, edstest.CRLOptions{Number: 1}))

	dir := t.TempDir()
	roots := filepath.Join(dir, "roots")
	os.Mkdir(roots, 0o755)
	os.WriteFile(filepath.Join(roots, "root.cer"), root.Cert.Raw, 0o644)
	os.WriteFile(filepath.Join(roots, "ca.cer"), ca.Cert.Raw, 0o644)
	ballot := []byte("ballot 42")
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	content := write("ballot.bin", ballot)
	detached := write("good.p7s", good.Sign(ballot, edstest.SignOptions{Detached: true}).DER)
	bad := write("revoked.p7s", revoked.Sign(ballot, edstest.SignOptions{Detached: true}).DER)

	run := func(cfg *config.Config, args ...string) (*eds.Result, error) {
		var out bytes.Buffer
		err := edsCommand(t.Context(), cfg, args, &out)
		if out.Len() == 0 {
			return nil, err
		}
		var res eds.Result
		if jerr := json.Unmarshal(out.Bytes(), &res); jerr != nil {
			t.Fatalf("output is not JSON: %v\n%s", jerr, out.String())
		}
		return &res, err
	}
	res, err := run(&config.Config{EDSRootsDir: roots}, "verify", "--content", content, detached)
	if err != nil || !res.Valid || res.Signers[0].IIN != "990106300596" || res.Signers[0].Revocation != "good" {
		t.Fatalf("good: %v %+v", err, res)
	}
	res, err = run(&config.Config{}, "verify", "--roots", roots, "--content", content, bad)
	if !errors.Is(err, errNotValid) || res.Valid || res.Signers[0].Revocation != "revoked" || res.Signers[0].Errors[0] != eds.CodeRevoked {
		t.Fatalf("revoked: %v %+v", err, res)
	}
	if _, err := run(&config.Config{}, "verify", "--content", content, detached); err == nil {
		t.Error("no roots accepted")
	}
	if _, err := run(&config.Config{EDSRootsDir: roots}, "verify", "--at", "yesterday", detached); err == nil {
		t.Error("bad --at accepted")
	}
}

// TestEDSVerifyNCA runs the command on the real NCA CMS with the repository's test roots at
// a time the certificates were valid: the GOST signer is valid, the RSA one is not (its
// certificate had expired before it signed), so the command exits non-zero.
func TestEDSVerifyNCA(t *testing.T) {
	td := filepath.Join("..", "..", "sitecore", "eds", "testdata")
	var out bytes.Buffer
	err := edsCommand(t.Context(), &config.Config{}, []string{"verify", "--roots", td, "--at", "2022-09-28T00:00:00Z",
		filepath.Join(td, "cms_gost512_rsa_attached_test123.p7s")}, &out)
	var res eds.Result
	if jerr := json.Unmarshal(out.Bytes(), &res); jerr != nil {
		t.Fatal(jerr)
	}
	if !errors.Is(err, errNotValid) || len(res.Signers) != 2 || !res.Signers[0].Valid() || res.Signers[1].Valid() ||
		res.Signers[0].Algorithm != "gost2015-512" || res.Signers[1].Errors[0] != eds.CodeExpired {
		t.Errorf("%v\n%s", err, out.String())
	}
}
