// Package eds verifies electronic digital signatures (ЭЦП) made by NCALayer and the other
// signers of Kazakhstan's national PKI: CMS (PKCS#7) SignedData, attached or detached, DER
// or base64, signed with RSA or with GOST R 34.10-2015 (512 or 256 bits) whose maths lives
// in the subpackage gost.
//
// A Verifier checks, for every SignerInfo, each thing that makes a signature binding and
// reports each failure with its own code (see the Code constants; each is also the key of
// a localized message in sitecore): the signature over the signed attributes, the
// messageDigest against the content the caller rebuilt, the signing time inside the
// certificate's validity, key usage and extended key usage for signing, the holder (an
// individual with an IIN, or an organisation with a BIN, as the Policy allows), the chain
// up to pinned roots (a Pool), revocation through CRL and OCSP (RevocationChecker), the
// signingCertificateV2 attribute and a signature timestamp when present.
//
// The parser of the CMS structure is the project's own (encoding/asn1): it keeps the exact
// bytes of the signed attributes, reads both kinds of signer identifier and carries GOST,
// which github.com/digitorus/pkcs7 cannot. RSA signatures are checked by crypto/x509.
// The package edstest mints test PKIs (RSA and GOST CAs, CMS, CRL and OCSP servers) for
// tests only.
package eds
