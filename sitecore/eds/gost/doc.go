// Package gost implements the Russian and Kazakh national algorithms the EDS verifier needs:
// the hash function GOST R 34.11-2012 "Streebog" (256 and 512 bits, RFC 6986) and signature
// verification of GOST R 34.10-2012 (RFC 7091) on the parameter sets of RFC 4357 and
// RFC 7836, which Kazakhstan's NCA uses under its own OIDs as "GOST R 34.10-2015".
//
// No Go GOST library is available to the project, so this one is written from the standards
// and proven in the tests with every published vector. Verification handles public data
// only, so it makes no claim of constant time; the scalar multiplication exported for tests
// that mint signatures is not meant for production keys. The curve arithmetic works on
// fixed-size words (fixedfield.go, fastpoint.go, fastcurve.go); the math/big version it
// replaced (point.go, field.go) is kept as the reference the tests compare it with, and
// serves a curve whose prime the fixed-size code does not take.
//
// Byte orders follow the standards: Streebog digests are the byte strings every
// implementation outputs (the RFC prints them reversed); e is the digest read as a
// little-endian integer; public keys are x‖y, each little-endian. Signatures are decoded by
// the caller: RFC 4491 writes s‖r big-endian, NCA writes the whole block byte-reversed.
package gost
