// Package blindrsa implements RSA blind signatures as RFC 9474 specifies them (RSABSSA):
// the server's BlindSign and Verify, and the client's Prepare, Blind and Finalize (the
// browser uses @cloudflare/blindrsa-ts; the Go client side is for tests and tools).
//
// Surveys use the variant RSABSSA-SHA384-PSS-Randomized (SHA384PSSRandomized): SHA-384,
// MGF1 with SHA-384, a 48-byte PSS salt, and a 32-byte random prefix that the client puts in
// front of its message before blinding. It is the variant RFC 9474 recommends, the randomized
// preparation protects the client from a signer that chose its key maliciously (Section 7.3),
// and @cloudflare/blindrsa-ts offers it as RSABSSA.SHA384.PSS.Randomized(). The signed message
// ("prepared message") is prefix ‖ msg; Verify takes it whole.
//
// The private-key operation uses math/big (Go's crypto/rsa has no raw RSA operation), with
// the CRT, a fresh random blinding of the base on every call against timing attacks, and a
// check of the result with the public key against fault attacks, as RFC 9474 Section 7.1
// asks. Keys of fewer than 2048 bits are refused.
package blindrsa

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"io"
	"math/big"
)

// Variant is one of the named RSABSSA variants of RFC 9474 Section 5.
type Variant struct {
	Name       string
	SaltLen    int  // PSS salt length in bytes: 48 or 0
	Randomized bool // a 32-byte random prefix (PrepareRandomize) or none (PrepareIdentity)
}

// The four variants of RFC 9474. Surveys use SHA384PSSRandomized.
var (
	SHA384PSSRandomized        = Variant{Name: "RSABSSA-SHA384-PSS-Randomized", SaltLen: 48, Randomized: true}
	SHA384PSSZeroRandomized    = Variant{Name: "RSABSSA-SHA384-PSSZERO-Randomized", SaltLen: 0, Randomized: true}
	SHA384PSSDeterministic     = Variant{Name: "RSABSSA-SHA384-PSS-Deterministic", SaltLen: 48}
	SHA384PSSZeroDeterministic = Variant{Name: "RSABSSA-SHA384-PSSZERO-Deterministic", SaltLen: 0}
)

// PrefixLen is the length of the random prefix of the randomized variants.
const PrefixLen = 32

// MinKeyBits is the smallest modulus accepted; GenerateKey makes keys of KeyBits.
const (
	MinKeyBits = 2048
	KeyBits    = 2048
)

// Errors. They are plain errors: callers turn them into domain errors with their own field.
var (
	ErrKeyTooSmall      = errors.New("blindrsa: key smaller than 2048 bits")
	ErrMessageTooLong   = errors.New("blindrsa: message too long")
	ErrEncoding         = errors.New("blindrsa: encoding error")
	ErrInvalidInput     = errors.New("blindrsa: invalid input")
	ErrInputSize        = errors.New("blindrsa: unexpected input size")
	ErrOutOfRange       = errors.New("blindrsa: message representative out of range")
	ErrSigningFailure   = errors.New("blindrsa: signing failure")
	ErrInvalidSignature = errors.New("blindrsa: invalid signature")
)

// GenerateKey makes a new signing key of KeyBits bits with exponent 65537.
func GenerateKey() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, KeyBits) }

func checkKey(pk *rsa.PublicKey) error {
	if pk == nil || pk.N == nil || pk.N.BitLen() < MinKeyBits || pk.E < 3 || pk.E%2 == 0 {
		return ErrKeyTooSmall
	}
	return nil
}

// modulusLen is the length of the modulus in bytes.
func modulusLen(pk *rsa.PublicKey) int { return (pk.N.BitLen() + 7) / 8 }

// BlindSign is the server's step: the RSA private-key operation on a blinded message of
// exactly the modulus length, checked with the public key before it is returned. The
// signature is the same for the same blinded message (RSA is deterministic), so answering a
// retried request again gives nothing new away.
func BlindSign(sk *rsa.PrivateKey, blinded []byte) ([]byte, error) {
	if err := checkKey(&sk.PublicKey); err != nil {
		return nil, err
	}
	k := modulusLen(&sk.PublicKey)
	if len(blinded) != k {
		return nil, ErrInputSize
	}
	m := new(big.Int).SetBytes(blinded)
	if m.Cmp(sk.N) >= 0 {
		return nil, ErrOutOfRange
	}
	s, err := rsasp1(sk, m)
	if err != nil {
		return nil, err
	}
	// m' = RSAVP1(pk, s) must give m back, or a fault corrupted the computation (which could
	// leak a prime factor through the CRT).
	if rsavp1(&sk.PublicKey, s).Cmp(m) != 0 {
		return nil, ErrSigningFailure
	}
	return s.FillBytes(make([]byte, k)), nil
}

// rsasp1 computes m^d mod n with the CRT, blinding the base with a random r^e so the time it
// takes does not depend on m.
func rsasp1(sk *rsa.PrivateKey, m *big.Int) (*big.Int, error) {
	n := sk.N
	var r, rInv *big.Int
	for {
		var err error
		r, err = rand.Int(rand.Reader, n)
		if err != nil {
			return nil, err
		}
		if r.Sign() == 0 {
			continue
		}
		if rInv = new(big.Int).ModInverse(r, n); rInv != nil {
			break
		}
	}
	c := new(big.Int).Mul(m, rsavp1(&sk.PublicKey, r))
	c.Mod(c, n)
	var s *big.Int
	if len(sk.Primes) == 2 && sk.Precomputed.Dp != nil {
		p, q := sk.Primes[0], sk.Primes[1]
		m1 := new(big.Int).Exp(new(big.Int).Mod(c, p), sk.Precomputed.Dp, p)
		m2 := new(big.Int).Exp(new(big.Int).Mod(c, q), sk.Precomputed.Dq, q)
		h := m1.Sub(m1, m2)
		h.Mul(h, sk.Precomputed.Qinv)
		h.Mod(h, p)
		s = h.Mul(h, q)
		s.Add(s, m2)
	} else {
		s = new(big.Int).Exp(c, sk.D, n)
	}
	s.Mul(s, rInv)
	return s.Mod(s, n), nil
}

func rsavp1(pk *rsa.PublicKey, s *big.Int) *big.Int {
	return new(big.Int).Exp(s, big.NewInt(int64(pk.E)), pk.N)
}

// Verify checks sig over the prepared message (prefix ‖ msg for the randomized variants)
// with RSASSA-PSS-VERIFY and the variant's parameters.
func (v Variant) Verify(pk *rsa.PublicKey, prepared, sig []byte) error {
	if err := checkKey(pk); err != nil {
		return err
	}
	if len(sig) != modulusLen(pk) {
		return ErrInvalidSignature
	}
	if v.Randomized && len(prepared) < PrefixLen {
		return ErrInvalidSignature
	}
	h := sha512.Sum384(prepared)
	opts := &rsa.PSSOptions{Hash: crypto.SHA384, SaltLength: v.SaltLen}
	if v.SaltLen == 0 {
		// crypto/rsa reads 0 as "any length"; the PSSZERO variants need exactly none.
		return v.verifyZeroSalt(pk, h[:], sig)
	}
	if err := rsa.VerifyPSS(pk, crypto.SHA384, h[:], sig, opts); err != nil {
		return ErrInvalidSignature
	}
	return nil
}

// verifyZeroSalt verifies a PSS signature with an empty salt by re-encoding.
func (v Variant) verifyZeroSalt(pk *rsa.PublicKey, mHash, sig []byte) error {
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pk.N) >= 0 {
		return ErrInvalidSignature
	}
	emBits := pk.N.BitLen() - 1
	em := rsavp1(pk, s).FillBytes(make([]byte, (emBits+7)/8))
	want, err := emsaPSSEncodeHash(mHash, emBits, nil)
	if err != nil || subtle.ConstantTimeCompare(em, want) != 1 {
		return ErrInvalidSignature
	}
	return nil
}

// Prepare returns the message to blind: msg itself for the deterministic variants, a fresh
// 32-byte random prefix ‖ msg for the randomized ones.
func (v Variant) Prepare(random io.Reader, msg []byte) ([]byte, error) {
	if !v.Randomized {
		return append([]byte(nil), msg...), nil
	}
	out := make([]byte, PrefixLen+len(msg))
	if _, err := io.ReadFull(random, out[:PrefixLen]); err != nil {
		return nil, err
	}
	copy(out[PrefixLen:], msg)
	return out, nil
}

// Blind is the client's step: it encodes the prepared message with EMSA-PSS (salt from
// random) and blinds it with a random r, returning the blinded message and r's inverse.
func (v Variant) Blind(random io.Reader, pk *rsa.PublicKey, prepared []byte) (blinded []byte, inv *big.Int, err error) {
	if err := checkKey(pk); err != nil {
		return nil, nil, err
	}
	salt := make([]byte, v.SaltLen)
	if _, err := io.ReadFull(random, salt); err != nil {
		return nil, nil, err
	}
	for {
		r, err := rand.Int(random, pk.N)
		if err != nil {
			return nil, nil, err
		}
		if r.Sign() == 0 {
			continue
		}
		blinded, inv, err := v.blindWith(pk, prepared, salt, r)
		if errors.Is(err, errNoInverse) {
			continue // "blinding error": try another r
		}
		return blinded, inv, err
	}
}

var errNoInverse = errors.New("blindrsa: blinding error")

// blindWith blinds with the given salt and r (test vectors fix both).
func (v Variant) blindWith(pk *rsa.PublicKey, prepared, salt []byte, r *big.Int) ([]byte, *big.Int, error) {
	h := sha512.Sum384(prepared)
	em, err := emsaPSSEncodeHash(h[:], pk.N.BitLen()-1, salt)
	if err != nil {
		return nil, nil, err
	}
	m := new(big.Int).SetBytes(em)
	if new(big.Int).GCD(nil, nil, m, pk.N).Cmp(big.NewInt(1)) != 0 {
		return nil, nil, ErrInvalidInput
	}
	inv := new(big.Int).ModInverse(r, pk.N)
	if inv == nil {
		return nil, nil, errNoInverse
	}
	z := new(big.Int).Mul(m, rsavp1(pk, r))
	z.Mod(z, pk.N)
	return z.FillBytes(make([]byte, modulusLen(pk))), inv, nil
}

// Finalize is the client's last step: it unblinds the server's blind signature with inv and
// verifies the result over the prepared message before returning it.
func (v Variant) Finalize(pk *rsa.PublicKey, prepared, blindSig []byte, inv *big.Int) ([]byte, error) {
	k := modulusLen(pk)
	if len(blindSig) != k {
		return nil, ErrInputSize
	}
	s := new(big.Int).SetBytes(blindSig)
	s.Mul(s, inv)
	s.Mod(s, pk.N)
	sig := s.FillBytes(make([]byte, k))
	if err := v.Verify(pk, prepared, sig); err != nil {
		return nil, err
	}
	return sig, nil
}

// emsaPSSEncodeHash is EMSA-PSS-ENCODE of RFC 8017 Section 9.1.1 from the message's SHA-384
// hash, with MGF1-SHA-384 and the given salt.
func emsaPSSEncodeHash(mHash []byte, emBits int, salt []byte) ([]byte, error) {
	const hLen = sha512.Size384
	emLen := (emBits + 7) / 8
	if emLen < hLen+len(salt)+2 {
		return nil, ErrEncoding
	}
	hh := sha512.New384()
	hh.Write(make([]byte, 8))
	hh.Write(mHash)
	hh.Write(salt)
	H := hh.Sum(nil)
	em := make([]byte, emLen)
	db := em[:emLen-hLen-1]
	db[emLen-len(salt)-hLen-2] = 0x01
	copy(db[emLen-len(salt)-hLen-1:], salt)
	mgf1XOR(db, H)
	db[0] &= 0xFF >> (8*emLen - emBits)
	copy(em[emLen-hLen-1:], H)
	em[emLen-1] = 0xBC
	return em, nil
}

// mgf1XOR xors out with MGF1-SHA-384 of seed.
func mgf1XOR(out, seed []byte) {
	var counter [4]byte
	done := 0
	for done < len(out) {
		h := sha512.New384()
		h.Write(seed)
		h.Write(counter[:])
		for _, b := range h.Sum(nil) {
			if done == len(out) {
				break
			}
			out[done] ^= b
			done++
		}
		for i := 3; i >= 0; i-- {
			counter[i]++
			if counter[i] != 0 {
				break
			}
		}
	}
}

// MarshalPublicKey encodes the public key as DER SubjectPublicKeyInfo (rsaEncryption), the
// form WebCrypto's importKey("spki", …) and @cloudflare/blindrsa-ts take.
func MarshalPublicKey(pk *rsa.PublicKey) ([]byte, error) { return x509.MarshalPKIXPublicKey(pk) }

// ParsePublicKey decodes a DER SubjectPublicKeyInfo holding an RSA key of at least 2048 bits.
func ParsePublicKey(der []byte) (*rsa.PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	pk, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, ErrInvalidInput
	}
	return pk, checkKey(pk)
}

// MarshalPrivateKey encodes the private key as DER PKCS #8.
func MarshalPrivateKey(sk *rsa.PrivateKey) ([]byte, error) { return x509.MarshalPKCS8PrivateKey(sk) }

// ParsePrivateKey decodes a DER PKCS #8 RSA key of at least 2048 bits.
func ParsePrivateKey(der []byte) (*rsa.PrivateKey, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	sk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, ErrInvalidInput
	}
	return sk, checkKey(&sk.PublicKey)
}
