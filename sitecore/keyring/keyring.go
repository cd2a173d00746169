// Package keyring holds the platform's symmetric data keys and seals data with them
// (AES-256-GCM). It protects personal data that must leave the platform's own database
// for a while: Temporal payloads (through the payload codec in workflows) and the email spool.
//
// Every sealed value names the key that sealed it, so keys can be rotated without losing
// what older keys sealed: the first key of the ring seals, every key of the ring opens.
package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// Ring is an ordered set of named keys. The zero Ring holds no key and seals nothing.
type Ring struct {
	current string
	aeads   map[string]cipher.AEAD
}

// ErrUnknownKey is returned when a value was sealed with a key the ring does not hold.
var ErrUnknownKey = errors.New("keyring: sealed with a key this ring does not hold")

// Parse reads a ring from text: one key per line (or comma-separated), each `id:base64`
// with a 32-byte key; the first key seals. Blank lines and lines starting with # are skipped.
func Parse(text string) (*Ring, error) {
	r := &Ring{aeads: map[string]cipher.AEAD{}}
	fields := strings.FieldsFunc(text, func(c rune) bool { return c == '\n' || c == ',' || c == '\r' })
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" || strings.HasPrefix(f, "#") {
			continue
		}
		id, b64, ok := strings.Cut(f, ":")
		id = strings.TrimSpace(id)
		if !ok || id == "" || strings.ContainsAny(id, " \t") {
			return nil, fmt.Errorf("keyring: entry %d is not id:base64key", i+1)
		}
		key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if err != nil || len(key) != KeySize {
			return nil, fmt.Errorf("keyring: key %q is not %d bytes of base64", id, KeySize)
		}
		if _, dup := r.aeads[id]; dup {
			return nil, fmt.Errorf("keyring: key %q appears twice", id)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		r.aeads[id] = aead
		if r.current == "" {
			r.current = id
		}
	}
	if r.current == "" {
		return nil, errors.New("keyring: no key")
	}
	return r, nil
}

// Generate returns the text of a new ring with one random key named id, in Parse's format.
func Generate(id string) string {
	key := make([]byte, KeySize)
	_, _ = rand.Read(key)
	return id + ":" + base64.StdEncoding.EncodeToString(key) + "\n"
}

// LoadOrCreate reads the ring in file, creating the file with a new key first when it does
// not exist (development only: production keys come from the operator's secret store).
func LoadOrCreate(file string) (*Ring, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		data = []byte(Generate("dev1"))
		if err := os.WriteFile(file, data, 0o600); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return Parse(string(data))
}

// Current is the ID of the key that seals.
func (r *Ring) Current() string { return r.current }

// Seal encrypts plaintext with the current key; aad binds the result to its context (it
// must be given again to Open). It returns the key ID and nonce‖ciphertext.
func (r *Ring) Seal(plaintext, aad []byte) (keyID string, sealed []byte) {
	aead := r.aeads[r.current]
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	_, _ = rand.Read(nonce)
	return r.current, aead.Seal(nonce, nonce, plaintext, aad)
}

// Open decrypts what Seal returned, with the key named keyID.
func (r *Ring) Open(keyID string, sealed, aad []byte) ([]byte, error) {
	aead, ok := r.aeads[keyID]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownKey, keyID)
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errors.New("keyring: sealed value too short")
	}
	out, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], aad)
	if err != nil {
		return nil, fmt.Errorf("keyring: key %q does not open the value (tampered or wrong key)", keyID)
	}
	return out, nil
}

// SealBytes is Seal in one self-describing value: the key ID's length, the key ID, then
// nonce‖ciphertext. For values stored in a single column.
func (r *Ring) SealBytes(plaintext, aad []byte) []byte {
	id, sealed := r.Seal(plaintext, aad)
	out := make([]byte, 0, 1+len(id)+len(sealed))
	out = append(out, byte(len(id)))
	out = append(out, id...)
	return append(out, sealed...)
}

// OpenBytes opens what SealBytes sealed.
func (r *Ring) OpenBytes(value, aad []byte) ([]byte, error) {
	if len(value) < 1 || len(value) < 1+int(value[0]) {
		return nil, errors.New("keyring: sealed value too short")
	}
	n := int(value[0])
	return r.Open(string(value[1:1+n]), value[1+n:], aad)
}

// Sealer adapts the ring to interfaces that seal and open single values.
type Sealer struct{ Ring *Ring }

// Seal seals plain with the ring's current key.
func (s Sealer) Seal(plain, aad []byte) ([]byte, error) { return s.Ring.SealBytes(plain, aad), nil }

// Open opens a value sealed by Seal with any key of the ring.
func (s Sealer) Open(sealed, aad []byte) ([]byte, error) { return s.Ring.OpenBytes(sealed, aad) }
