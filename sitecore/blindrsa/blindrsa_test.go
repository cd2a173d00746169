package blindrsa

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"testing"
)

// vector is one test vector of RFC 9474 Appendix A, extracted from the RFC's source text
// (testdata/rfc9474-appendix-a.json; see testdata/SOURCES.md).
type vector struct {
	Name, P, Q, N, E, D                   string
	Msg, MsgPrefix, PreparedMsg, Salt     string
	EncodedMsg, Inv, BlindedMsg, BlindSig string
	Sig                                   string
}

func (v *vector) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*v = vector{Name: m["name"], P: m["p"], Q: m["q"], N: m["n"], E: m["e"], D: m["d"], Msg: m["msg"],
		MsgPrefix: m["msg_prefix"], PreparedMsg: m["prepared_msg"], Salt: m["salt"], EncodedMsg: m["encoded_msg"],
		Inv: m["inv"], BlindedMsg: m["blinded_msg"], BlindSig: m["blind_sig"], Sig: m["sig"]}
	return nil
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	data, err := os.ReadFile("testdata/rfc9474-appendix-a.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) != 4 {
		t.Fatalf("%d vectors, want the 4 of RFC 9474 Appendix A", len(vs))
	}
	return vs
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("hex %q…: %v", s[:min(len(s), 16)], err)
	}
	return b
}

func bigHex(t *testing.T, s string) *big.Int {
	t.Helper()
	return new(big.Int).SetBytes(unhex(t, s))
}

func variantNamed(t *testing.T, name string) Variant {
	for _, v := range []Variant{SHA384PSSRandomized, SHA384PSSZeroRandomized, SHA384PSSDeterministic, SHA384PSSZeroDeterministic} {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no variant %q", name)
	return Variant{}
}

// TestRFC9474Vectors checks every step against the RFC's test vectors: EMSA-PSS encoding,
// blinding with the vector's salt and r (= inv⁻¹), the server's BlindSign, Finalize and Verify.
func TestRFC9474Vectors(t *testing.T) {
	for _, tv := range loadVectors(t) {
		t.Run(tv.Name, func(t *testing.T) {
			v := variantNamed(t, tv.Name)
			e := bigHex(t, tv.E)
			sk := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: bigHex(t, tv.N), E: int(e.Int64())},
				D: bigHex(t, tv.D), Primes: []*big.Int{bigHex(t, tv.P), bigHex(t, tv.Q)}}
			sk.Precompute()
			if err := sk.Validate(); err != nil {
				t.Fatalf("vector key: %v", err)
			}
			pk := &sk.PublicKey
			msg, prepared := unhex(t, tv.Msg), unhex(t, tv.PreparedMsg)
			if want := append(unhex(t, tv.MsgPrefix), msg...); !bytes.Equal(prepared, want) {
				t.Fatalf("prepared_msg is not msg_prefix ‖ msg")
			}
			if v.Randomized != (len(tv.MsgPrefix) == 2*PrefixLen) || len(tv.Salt) != 2*v.SaltLen {
				t.Fatalf("variant parameters do not match the vector (prefix %d, salt %d hex digits)", len(tv.MsgPrefix), len(tv.Salt))
			}
			inv := bigHex(t, tv.Inv)
			r := new(big.Int).ModInverse(inv, pk.N)
			blinded, gotInv, err := v.blindWith(pk, prepared, unhex(t, tv.Salt), r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(blinded, unhex(t, tv.BlindedMsg)) {
				t.Errorf("blinded_msg differs")
			}
			if gotInv.Cmp(inv) != 0 {
				t.Errorf("inv differs")
			}
			blindSig, err := BlindSign(sk, blinded)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(blindSig, unhex(t, tv.BlindSig)) {
				t.Errorf("blind_sig differs")
			}
			sig, err := v.Finalize(pk, prepared, blindSig, inv)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(sig, unhex(t, tv.Sig)) {
				t.Errorf("sig differs")
			}
			if err := v.Verify(pk, prepared, unhex(t, tv.Sig)); err != nil {
				t.Errorf("Verify(vector sig): %v", err)
			}
			// The encoded message is what the blinded one hides (blinded = m·rᵉ): check it directly.
			em := new(big.Int).Mul(new(big.Int).SetBytes(blinded), rsavp1(pk, inv))
			em.Mod(em, pk.N)
			if !bytes.Equal(em.FillBytes(make([]byte, len(tv.EncodedMsg)/2)), unhex(t, tv.EncodedMsg)) {
				t.Errorf("encoded_msg differs")
			}
		})
	}
}

// TestRoundTrip blinds, signs, finalizes and verifies with a fresh 2048-bit key, and checks
// what must fail: another message, a flipped bit, another key, a wrong-sized input.
func TestRoundTrip(t *testing.T) {
	sk, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	other, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	v := SHA384PSSRandomized
	pk := &sk.PublicKey
	msg := []byte("token-0123456789abcdef0123456789")
	prepared, err := v.Prepare(rand.Reader, msg)
	if err != nil {
		t.Fatal(err)
	}
	if len(prepared) != PrefixLen+len(msg) || !bytes.Equal(prepared[PrefixLen:], msg) {
		t.Fatalf("prepared = %x", prepared)
	}
	blinded, inv, err := v.Blind(rand.Reader, pk, prepared)
	if err != nil {
		t.Fatal(err)
	}
	blindSig, err := BlindSign(sk, blinded)
	if err != nil {
		t.Fatal(err)
	}
	again, err := BlindSign(sk, blinded)
	if err != nil || !bytes.Equal(again, blindSig) {
		t.Errorf("BlindSign is not repeatable: %v", err)
	}
	sig, err := v.Finalize(pk, prepared, blindSig, inv)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(pk, prepared, sig); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if bytes.Equal(blinded, sig) || bytes.Equal(blindSig, sig) {
		t.Error("the server saw the final signature")
	}
	flipped := bytes.Clone(sig)
	flipped[len(flipped)/2] ^= 1
	otherMsg := bytes.Clone(prepared)
	otherMsg[len(otherMsg)-1] ^= 1
	for name, err := range map[string]error{
		"flipped signature":  v.Verify(pk, prepared, flipped),
		"other message":      v.Verify(pk, otherMsg, sig),
		"other key":          v.Verify(&other.PublicKey, prepared, sig),
		"short signature":    v.Verify(pk, prepared, sig[1:]),
		"deterministic view": SHA384PSSZeroDeterministic.Verify(pk, prepared, sig),
	} {
		if !errors.Is(err, ErrInvalidSignature) {
			t.Errorf("%s: err = %v, want ErrInvalidSignature", name, err)
		}
	}
	if _, err := BlindSign(sk, blinded[1:]); !errors.Is(err, ErrInputSize) {
		t.Errorf("BlindSign(short) = %v", err)
	}
	big := bytes.Repeat([]byte{0xFF}, len(blinded))
	if _, err := BlindSign(sk, big); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("BlindSign(≥ n) = %v", err)
	}
	if _, err := v.Finalize(pk, prepared, flipped, inv); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("Finalize(bad blind signature) = %v", err)
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BlindSign(small, make([]byte, 128)); !errors.Is(err, ErrKeyTooSmall) {
		t.Errorf("BlindSign(1024-bit key) = %v", err)
	}
}

func TestKeyEncoding(t *testing.T) {
	sk, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	spki, err := MarshalPublicKey(&sk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ParsePublicKey(spki)
	if err != nil || pk.N.Cmp(sk.N) != 0 {
		t.Fatalf("ParsePublicKey: %v", err)
	}
	der, err := MarshalPrivateKey(sk)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePrivateKey(der)
	if err != nil || back.D.Cmp(sk.D) != 0 {
		t.Fatalf("ParsePrivateKey: %v", err)
	}
	if _, err := ParsePublicKey(der); err == nil {
		t.Error("ParsePublicKey accepted a private key")
	}
}

func BenchmarkBlindSign(b *testing.B) {
	sk, err := GenerateKey()
	if err != nil {
		b.Fatal(err)
	}
	prepared, _ := SHA384PSSRandomized.Prepare(rand.Reader, []byte("token"))
	blinded, _, err := SHA384PSSRandomized.Blind(rand.Reader, &sk.PublicKey, prepared)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("BlindSign", func(b *testing.B) {
		for b.Loop() {
			if _, err := BlindSign(sk, blinded); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The peer: crypto/rsa's own constant-time private-key operation on the same key.
	b.Run("rsa.SignPSS", func(b *testing.B) {
		h := make([]byte, 48)
		for b.Loop() {
			if _, err := rsa.SignPSS(rand.Reader, sk, 0x0C /* SHA-384 */, h, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
