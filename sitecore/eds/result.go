package eds

import "time"

// Result is the outcome of verifying one CMS. Valid is true only when there is at least one
// signer and every signer passed every check.
type Result struct {
	Valid   bool     `json:"valid"`
	Signers []Signer `json:"signers"`
	// Content is the content the digests were checked against: the caller's, or the
	// attached one when the caller gave none.
	Content []byte `json:"-"`
}

// Signer is the verdict on one SignerInfo. The booleans say which checks passed; Errors lists
// the code of every failed check (empty when the signer is valid).
type Signer struct {
	Subject                   string     `json:"subject"`
	IIN                       string     `json:"iin"`
	BIN                       string     `json:"bin,omitempty"`
	Algorithm                 string     `json:"algorithm"`
	SignatureValid            bool       `json:"signature_valid"`
	DigestMatches             bool       `json:"digest_matches"`
	CertificateValidAtSigning bool       `json:"certificate_valid_at_signing"`
	ChainValid                bool       `json:"chain_valid"`
	Revocation                string     `json:"revocation"`
	SigningTime               *time.Time `json:"signing_time,omitempty"`
	TimestampTime             *time.Time `json:"timestamp_time,omitempty"`
	Errors                    []string   `json:"errors"`
	// Certificate is the signer's certificate, nil when the CMS does not carry it.
	Certificate *Certificate `json:"-"`
}

// Valid reports whether the signer passed every check.
func (s *Signer) Valid() bool { return len(s.Errors) == 0 }

func (s *Signer) fail(code string) {
	for _, c := range s.Errors {
		if c == code {
			return
		}
	}
	s.Errors = append(s.Errors, code)
}
