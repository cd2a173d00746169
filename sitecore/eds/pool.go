package eds

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Pool holds the pinned trust anchors (self-signed roots) and the intermediate CA
// certificates a chain may pass through. An intermediate gives no trust of its own: every
// chain must end at a root of the pool.
type Pool struct {
	roots         []*Certificate
	intermediates []*Certificate

	// verified remembers issuer signatures already checked (child and parent fingerprints),
	// since a GOST-512 verification costs milliseconds and the same CA signs every ballot.
	mu       sync.Mutex
	verified map[[2]string]bool
}

// maxVerifiedCache bounds the signature cache; it is cleared when full.
const maxVerifiedCache = 10000

// NewPool returns a pool of the certificates; self-signed ones become roots.
func NewPool(certs ...*Certificate) *Pool {
	p := &Pool{verified: map[[2]string]bool{}}
	for _, c := range certs {
		p.Add(c)
	}
	return p
}

// Add puts c into the pool: a self-signed certificate as a root, any other as an
// intermediate.
func (p *Pool) Add(c *Certificate) {
	if bytes.Equal(c.RawIssuer, c.RawSubject) && p.signedBy(c, c) {
		p.roots = append(p.roots, c)
		return
	}
	p.intermediates = append(p.intermediates, c)
}

// Roots returns the trust anchors.
func (p *Pool) Roots() []*Certificate { return p.roots }

// Len returns the number of certificates in the pool.
func (p *Pool) Len() int { return len(p.roots) + len(p.intermediates) }

// LoadPool reads every .cer, .crt, .der and .pem file of dir (DER or PEM, several PEM blocks
// per file allowed). A file that does not parse is an error naming it, so a broken
// production configuration fails at start rather than refusing every signature.
func LoadPool(dir string) (*Pool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("eds roots: %w", err)
	}
	p := NewPool()
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".cer", ".crt", ".der", ".pem":
		default:
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("eds roots: %w", err)
		}
		certs, err := parseCertificateFile(data)
		if err != nil {
			return nil, fmt.Errorf("eds roots: %s: %w", path, err)
		}
		for _, c := range certs {
			p.Add(c)
		}
	}
	if len(p.roots) == 0 {
		return nil, fmt.Errorf("eds roots: no self-signed root certificate in %s", dir)
	}
	return p, nil
}

func parseCertificateFile(data []byte) ([]*Certificate, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		c, err := ParseCertificate(data)
		if err != nil {
			return nil, err
		}
		return []*Certificate{c}, nil
	}
	var out []*Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("no CERTIFICATE block")
	}
	return out, nil
}

// signedBy reports whether parent's key signed child, remembering the answer.
func (p *Pool) signedBy(child, parent *Certificate) bool {
	key := [2]string{child.Fingerprint, parent.Fingerprint}
	p.mu.Lock()
	ok, seen := p.verified[key]
	p.mu.Unlock()
	if seen {
		return ok
	}
	ok = parent.checkSignature(child.SignatureOID, "", child.RawTBSCertificate, child.Signature) == nil
	p.mu.Lock()
	if len(p.verified) >= maxVerifiedCache {
		clear(p.verified)
	}
	p.verified[key] = ok
	p.mu.Unlock()
	return ok
}

// isRoot reports whether c is one of the pinned roots, byte for byte.
func (p *Pool) isRoot(c *Certificate) bool {
	for _, r := range p.roots {
		if r.Fingerprint == c.Fingerprint {
			return true
		}
	}
	return false
}

// maxChain bounds the path length: NCA chains are leaf → CA → root.
const maxChain = 6

// Chain builds a path from leaf to a pinned root through extra (the CMS's certificates) and
// the pool's intermediates, and checks every certificate of it: issuer signatures, CA rights
// of issuers, validity at the time at, and unknown critical extensions. It returns the path,
// leaf first, or the code of the most telling failure.
func (p *Pool) Chain(leaf *Certificate, extra []*Certificate, at time.Time) ([]*Certificate, string) {
	candidates := make([]*Certificate, 0, len(extra)+len(p.intermediates)+len(p.roots))
	candidates = append(append(append(candidates, p.roots...), p.intermediates...), extra...)
	path, code := p.extend([]*Certificate{leaf}, candidates)
	if path == nil {
		return nil, code
	}
	for _, c := range path {
		if hasUnknownCritical(c) {
			return path, CodeCriticalExtension
		}
	}
	for _, c := range path {
		if at.Before(c.NotBefore) || at.After(c.NotAfter) {
			return path, CodeChainExpired
		}
	}
	return path, ""
}

// extend tries each issuer of the last certificate of path, depth first.
func (p *Pool) extend(path []*Certificate, candidates []*Certificate) ([]*Certificate, string) {
	cur := path[len(path)-1]
	if p.isRoot(cur) {
		return path, ""
	}
	if len(path) > maxChain {
		return nil, CodeChain
	}
	code, forged := CodeUnknownIssuer, false
	for _, cand := range candidates {
		if !bytes.Equal(cand.RawSubject, cur.RawIssuer) || inPath(path, cand) {
			continue
		}
		// A certificate bears the issuer's name but did not sign this one (another key,
		// no CA rights): a forged or foreign certificate copying the name.
		keyIDDiffers := len(cur.AuthorityKeyId) > 0 && len(cand.SubjectKeyId) > 0 && !bytes.Equal(cur.AuthorityKeyId, cand.SubjectKeyId)
		if keyIDDiffers || !isCA(cand) || !p.signedBy(cur, cand) {
			forged = true
			continue
		}
		full, c := p.extend(append(path, cand), candidates)
		if full != nil {
			return full, ""
		}
		code = c
	}
	if forged {
		return nil, CodeChain
	}
	return nil, code
}

func inPath(path []*Certificate, c *Certificate) bool {
	for _, x := range path {
		if x.Fingerprint == c.Fingerprint {
			return true
		}
	}
	return false
}

func isCA(c *Certificate) bool {
	if !c.BasicConstraintsValid || !c.IsCA {
		return false
	}
	return c.KeyUsage == 0 || c.KeyUsage&x509.KeyUsageCertSign != 0
}

// hasUnknownCritical reports a critical extension crypto/x509 did not handle, other than
// the ones this package reads itself.
func hasUnknownCritical(c *Certificate) bool {
	for _, oid := range c.UnhandledCriticalExtensions {
		if !oid.Equal(oidExtFreshestCRL) {
			return true
		}
	}
	return false
}
