package eds

import "github.com/mektep/mektep/sitecore"

// Codes of the failed checks. Each appears in Signer.Errors and is also the key of a
// localized message in sitecore (message_eds.go), so a page can explain it to the signer.
const (
	CodeMalformed          = "eds.malformed"           // not a CMS SignedData we can read
	CodeNoSigners          = "eds.no_signers"          // the CMS has no SignerInfo
	CodeContentMissing     = "eds.content_missing"     // detached CMS and no content given
	CodeCertificateMissing = "eds.certificate_missing" // the signer's certificate is not in the CMS
	CodeAlgorithm          = "eds.algorithm"           // an unknown or refused signature algorithm or key
	CodeDigestAlgorithm    = "eds.digest_algorithm"    // digest algorithm unknown, weak or not the one of the signature
	CodeSignedAttrsMissing = "eds.signed_attrs_missing"
	CodeContentType        = "eds.content_type"    // the contentType attribute differs from the content's type
	CodeDigestMismatch     = "eds.digest_mismatch" // messageDigest is not the hash of the content
	CodeSignature          = "eds.signature_invalid"
	CodeSigningTime        = "eds.signing_time" // signing time missing, malformed or in the future
	CodeExpired            = "eds.certificate_expired"
	CodeNotYetValid        = "eds.certificate_not_yet_valid"
	CodeKeyUsage           = "eds.key_usage"     // no digitalSignature or nonRepudiation
	CodeExtKeyUsage        = "eds.ext_key_usage" // no 1.3.6.1.5.5.7.3.4
	CodeCriticalExtension  = "eds.critical_extension"
	CodeNoIIN              = "eds.no_iin" // the subject has no IIN
	CodeHolder             = "eds.holder" // an individual or an organisation where the policy wants the other
	CodeUnknownIssuer      = "eds.unknown_issuer"
	CodeChain              = "eds.chain_invalid"       // an issuer's signature or CA rights fail
	CodeChainExpired       = "eds.chain_expired"       // a certificate of the chain is not valid at the verification time
	CodeRevoked            = "eds.revoked"             // revoked before the verification time
	CodeRevocationUnknown  = "eds.revocation_unknown"  // only when the policy requires an answer
	CodeSigningCertificate = "eds.signing_certificate" // signingCertificate(V2) names another certificate
	CodeTimestamp          = "eds.timestamp_invalid"   // the signature timestamp token does not verify
)

// Codes lists every code, for the message catalog's tests and documentation.
var Codes = []string{CodeMalformed, CodeNoSigners, CodeContentMissing, CodeCertificateMissing,
	CodeAlgorithm, CodeDigestAlgorithm, CodeSignedAttrsMissing, CodeContentType, CodeDigestMismatch,
	CodeSignature, CodeSigningTime, CodeExpired, CodeNotYetValid, CodeKeyUsage, CodeExtKeyUsage,
	CodeCriticalExtension, CodeNoIIN, CodeHolder, CodeUnknownIssuer, CodeChain, CodeChainExpired,
	CodeRevoked, CodeRevocationUnknown, CodeSigningCertificate, CodeTimestamp}

// malformed is the error for input that is not a CMS SignedData at all; field names the
// request field the caller got it from.
func malformed(err error) *sitecore.Error {
	return &sitecore.Error{Code: sitecore.EInvalid, Key: CodeMalformed, Field: "signature", Op: "eds.Verify", Err: err}
}

// Err returns the first failure of a result as a sitecore.Error (EInvalid, naming the field
// "signature"), or nil when the result is valid. Handlers use it to answer with a localized
// message.
func (r *Result) Err() error {
	if r.Valid {
		return nil
	}
	code := CodeNoSigners
	for _, s := range r.Signers {
		if len(s.Errors) > 0 {
			code = s.Errors[0]
			break
		}
	}
	return &sitecore.Error{Code: sitecore.EInvalid, Key: code, Field: "signature", Op: "eds.Verify"}
}
