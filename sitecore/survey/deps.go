package survey

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// SignerInfo is who signed a CMS, as the verifier established it.
type SignerInfo struct {
	IIN          string    // the individual's IIN from the subject's serialNumber; "" for organisations
	BIN          string    // the organisation's BIN, when the certificate is an organisation's
	Subject      string    // the subject's name (CN, or SURNAME and givenName)
	Algorithm    string    // "gost2015-512", "gost2015-256" or "rsa"
	SignedAt     time.Time // the signing time the CMS states (zero if none)
	Organisation bool      // the certificate is an organisation's (1.2.398.3.3.4.1.2)
}

// SignatureVerifier verifies CMS (PKCS #7 SignedData) signatures made with NCALayer: the
// signature over the content, the certificate at the time, its key usage, the chain up to
// the pinned NCA roots and revocation. Package sitecore/eds implements it.
type SignatureVerifier interface {
	// VerifyCMS checks the CMS (DER or base64, attached or detached) over content, which the
	// server rebuilt itself, at the instant at. A CMS that does not verify is an *sitecore.Error
	// with code EInvalid and field "cms" whose key names the check that failed; a verifier that
	// cannot decide (a revocation service down) returns EUnavailable.
	VerifyCMS(ctx context.Context, cms, content []byte, at time.Time) (*SignerInfo, error)
}

// Hasher makes the keyed hashes that stand for people: IINs of audience lists and of voters,
// and accounts of unsigned surveys. Without the key a hash cannot be matched to an IIN by
// trying all of them (there are only about 10⁹ plausible IINs).
type Hasher interface {
	// Hash returns the keyed hash of value in the namespace kind ("iin", "bin", "account").
	Hash(kind, value string) []byte
}

// HMACHasher is a Hasher with HMAC-SHA-256 under Key (at least 32 bytes, from the
// configuration; changing it orphans every stored hash).
type HMACHasher struct{ Key []byte }

// Hash implements Hasher.
func (h HMACHasher) Hash(kind, value string) []byte {
	m := hmac.New(sha256.New, h.Key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}

// KeySealer keeps the surveys' private blind-signature keys encrypted at rest (the coming
// sitecore/keyring does the same with AES-GCM; either fits). aad binds a sealed key to its
// survey, so a key copied to another survey's row does not open.
type KeySealer interface {
	Seal(plain, aad []byte) ([]byte, error)
	Open(sealed, aad []byte) ([]byte, error)
}

// AESSealer is a KeySealer with AES-256-GCM under Key (32 bytes); a sealed value is
// nonce ‖ ciphertext.
type AESSealer struct{ Key []byte }

func (s AESSealer) aead() (cipher.AEAD, error) {
	b, err := aes.NewCipher(s.Key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Seal implements KeySealer.
func (s AESSealer) Seal(plain, aad []byte) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	_, _ = rand.Read(nonce)
	return g.Seal(nonce, nonce, plain, aad), nil
}

// Open implements KeySealer.
func (s AESSealer) Open(sealed, aad []byte) ([]byte, error) {
	g, err := s.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errors.New("survey: sealed key too short")
	}
	return g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], aad)
}

// Workflows is what the service asks of the surveys' workflows (workflows.SurveyClient).
// Cancel, Extend and Close are updates with validators; the workflow records each with its
// audit entry. A refusal is EConflict on "status" (or EInvalid on "closes_at").
type Workflows interface {
	Start(ctx context.Context, siteID, surveyID int64) error
	Cancel(ctx context.Context, siteID, surveyID, actorID int64) error
	Extend(ctx context.Context, siteID, surveyID, actorID int64, closesAt time.Time) error
	Close(ctx context.Context, siteID, surveyID, actorID int64) error
}

// SignatureInvalid returns the error a fake or adapter verifier gives for a CMS that does not
// verify, with the verifier's reason code ("digest_mismatch", "expired", …).
func SignatureInvalid(reason string) error {
	return sitecore.Invalid("cms", "survey.signature", "reason", reason)
}
