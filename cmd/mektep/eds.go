package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mektep/mektep/internal/config"
	"github.com/mektep/mektep/sitecore/eds"
)

const edsUsage = `usage: mektep eds verify [--content FILE] [--roots DIR] [--at RFC3339] [--require-revocation] [--organisations] FILE

Checks the CMS signature in FILE (DER or base64) and prints the verdict as JSON. It exits 0
only when every signer is valid. --content is the signed content for a detached signature,
or the content the signature must match (for a disputed ballot, the ballot as stored);
--roots is a folder of trusted root and CA certificates (default MEKTEP_EDS_ROOTS_DIR);
--at is the time to judge the certificates at (default now). Revocation is asked of the
CRL and OCSP addresses the certificate names; unreachable ones give "unknown".
`

// errNotValid makes the command exit 1 after printing a verdict with an invalid signer.
var errNotValid = errors.New("eds verify: not every signer is valid")

// edsCommand runs `mektep eds ...` and writes the verdict to out.
func edsCommand(ctx context.Context, cfg *config.Config, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(os.Stderr, edsUsage)
		return errors.New("eds: unknown or missing subcommand (want verify)")
	}
	fs := flag.NewFlagSet("eds verify", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), edsUsage) }
	contentFile := fs.String("content", "", "file with the signed content")
	roots := fs.String("roots", cfg.EDSRootsDir, "folder of trusted root and CA certificates")
	at := fs.String("at", "", "verification time, RFC 3339 (default now)")
	requireRevocation := fs.Bool("require-revocation", false, "refuse a signer whose revocation status is unknown")
	orgs := fs.Bool("organisations", false, "accept organisations' certificates too")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("eds verify: give exactly one signature file")
	}
	if *roots == "" {
		return errors.New("eds verify: no trusted roots: set MEKTEP_EDS_ROOTS_DIR or --roots")
	}
	in := eds.Input{Policy: &eds.Policy{RequireRevocation: *requireRevocation, Holders: eds.HolderIndividual}}
	if *orgs {
		in.Policy.Holders |= eds.HolderOrganisation
	}
	var err error
	if in.CMS, err = os.ReadFile(fs.Arg(0)); err != nil {
		return err
	}
	if *contentFile != "" {
		if in.Content, err = os.ReadFile(*contentFile); err != nil {
			return err
		}
	}
	if *at != "" {
		if in.At, err = time.Parse(time.RFC3339, *at); err != nil {
			return fmt.Errorf("eds verify: --at: %w", err)
		}
	}
	pool, err := eds.LoadPool(*roots)
	if err != nil {
		return err
	}
	v := &eds.Verifier{Roots: pool, Revocation: eds.Checkers{&eds.CRLChecker{}, &eds.OCSPChecker{}}}
	res, err := v.Verify(ctx, in)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return err
	}
	if !res.Valid {
		return errNotValid
	}
	return nil
}
