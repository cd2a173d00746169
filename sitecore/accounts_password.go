package sitecore

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the cost parameters of argon2id: passes over memory, memory in KiB,
// lanes, and the lengths in bytes of the derived key and of the random salt.
type PasswordParams struct {
	Time, MemoryKiB uint32
	Threads         uint8
	KeyLen, SaltLen uint32
}

// DefaultPasswordParams are the parameters of new hashes. They are OWASP's minimum
// recommendation for argon2id (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1): the
// cheapest setting still considered safe, chosen because every login and sign-up of every
// school's users hashes on the same shared servers, where ~20 MiB per hash keeps many
// concurrent logins affordable. Raising them later is safe: CheckPassword reports hashes made
// with other parameters as needing a rehash, so they are upgraded at the next login.
var DefaultPasswordParams = PasswordParams{Time: 2, MemoryKiB: 19456, Threads: 1, KeyLen: 32, SaltLen: 16}

// Bounds on the parameters of a stored hash, so a corrupted or forged hash cannot make
// CheckPassword allocate gigabytes or run for minutes.
const (
	minPasswordKeyLen  = 16
	maxPasswordKeyLen  = 128
	minPasswordSaltLen = 8
	maxPasswordSaltLen = 128
	maxPasswordTime    = 100
	maxPasswordMemory  = 1 << 20 // KiB, 1 GiB
)

// validate reports parameters argon2 cannot use or CheckPassword would refuse.
func (p PasswordParams) validate() error {
	switch {
	case p.Time < 1 || p.Time > maxPasswordTime:
		return fmt.Errorf("argon2 time %d out of range 1..%d", p.Time, maxPasswordTime)
	case p.Threads < 1:
		return errors.New("argon2 threads must be at least 1")
	case p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxPasswordMemory:
		return fmt.Errorf("argon2 memory %d KiB out of range %d..%d", p.MemoryKiB, 8*uint32(p.Threads), maxPasswordMemory)
	case p.KeyLen < minPasswordKeyLen || p.KeyLen > maxPasswordKeyLen:
		return fmt.Errorf("argon2 key length %d out of range %d..%d", p.KeyLen, minPasswordKeyLen, maxPasswordKeyLen)
	case p.SaltLen < minPasswordSaltLen || p.SaltLen > maxPasswordSaltLen:
		return fmt.Errorf("argon2 salt length %d out of range %d..%d", p.SaltLen, minPasswordSaltLen, maxPasswordSaltLen)
	}
	return nil
}

// HashPassword hashes pw with argon2id and DefaultPasswordParams, returning a PHC string such
// as "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (unpadded standard base64).
func HashPassword(pw string) (string, error) { return HashPasswordWith(DefaultPasswordParams, pw) }

// HashPasswordWith hashes pw with argon2id, a fresh random salt and the given parameters. It
// fails only for parameters out of the supported range.
func HashPasswordWith(p PasswordParams, pw string) (string, error) {
	if err := p.validate(); err != nil {
		return "", Internal("hash password", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", Internal("hash password", err)
	}
	key := idKey([]byte(pw), salt, p)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC-encoded argon2id hash, comparing in
// constant time. needsRehash is true when the password matches but the hash was made with
// parameters other than DefaultPasswordParams; the caller should then store a new
// HashPassword. A malformed hash, another algorithm or out-of-range parameters give false,
// false.
func CheckPassword(encoded, pw string) (ok, needsRehash bool) {
	p, salt, want, err := parsePasswordHash(encoded)
	if err != nil {
		return false, false
	}
	got := idKey([]byte(pw), salt, p)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false
	}
	return true, p != DefaultPasswordParams
}

// hashSlots bounds how many argon2id computations run at once. Each takes MemoryKiB (19 MiB
// by default), so a flood of logins queues here instead of growing the heap without limit;
// with one slot per core the throughput is the same.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

func idKey(pw, salt []byte, p PasswordParams) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
}

// parsePasswordHash decodes "$argon2id$v=19$m=M,t=T,p=P$salt$hash", accepting only that
// canonical parameter order and unpadded standard base64.
func parsePasswordHash(s string) (p PasswordParams, salt, key []byte, err error) {
	bad := errors.New("malformed argon2id hash")
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, bad
	}
	kv := strings.Split(parts[3], ",")
	if len(kv) != 3 {
		return p, nil, nil, bad
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(kv[i], name+"=")
		// Leading zeros are a form HashPasswordWith never writes; refuse them.
		if !ok || v == "" || (len(v) > 1 && v[0] == '0') {
			return p, nil, nil, bad
		}
		if vals[i], err = strconv.ParseUint(v, 10, 32); err != nil {
			return p, nil, nil, bad
		}
	}
	if vals[2] > 255 {
		return p, nil, nil, bad
	}
	b64 := base64.RawStdEncoding.Strict()
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, bad
	}
	if key, err = b64.DecodeString(parts[5]); err != nil {
		return p, nil, nil, bad
	}
	p = PasswordParams{MemoryKiB: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2]),
		KeyLen: uint32(len(key)), SaltLen: uint32(len(salt))}
	if err := p.validate(); err != nil {
		return p, nil, nil, err
	}
	return p, salt, key, nil
}

// Password length limits in characters (runes). The upper bound only stops absurd inputs:
// argon2 hashes any length at the same cost.
const (
	PasswordMinLen = 10
	PasswordMaxLen = 128
)

// commonPasswords are frequent passwords long enough to pass the length check, lower-cased:
// digit runs, keyboard walks on the Latin and the Russian/Kazakh layouts (whose letter rows
// are the same), and Latin words typed with the wrong layout active.
var commonPasswords = map[string]bool{
	"1234567890":    true,
	"0987654321":    true,
	"12345678910":   true,
	"123456789012":  true,
	"1111111111":    true,
	"0000000000":    true,
	"1234512345":    true,
	"1212121212":    true,
	"password123":   true,
	"password1234":  true,
	"password12345": true,
	"qwerty12345":   true,
	"qwerty123456":  true,
	"qwertyuiop":    true,
	"qwertyqwerty":  true,
	"1q2w3e4r5t":    true,
	"1q2w3e4r5t6y":  true,
	"1qaz2wsx3edc":  true,
	"asdfghjkl123":  true,
	"iloveyou123":   true,
	"admin12345":    true,
	"admin123456":   true,
	"kazakhstan":    true,
	"kazakhstan123": true,
	"mektep12345":   true,
	"parol12345":    true,
	"parol123456":   true,
	"пароль12345":   true,
	"пароль123456":  true,
	"йцукен12345":   true,
	"йцукен123456":  true,
	"йцукенгшщз":    true,
	"йцукенгшщзхъ":  true,
	"фывапролдж":    true,
	"1й2ц3у4к5е":    true,
	"зфыыцщкв123":   true, // "password123" typed with the Cyrillic layout on
	"gfhjkm12345":   true, // "пароль12345" typed with the Latin layout on
	"казахстан123":  true,
	"қазақстан123":  true,
	"мектеп12345":   true,
}

// ValidatePassword checks a new password for the account with the given email: 10 to 128
// characters, not only whitespace, not one of the commonest passwords (ignoring case), and
// not containing the email's local part when that has at least 4 characters (ignoring case).
// The field argument names the input field in errors.
func ValidatePassword(field, pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < PasswordMinLen:
		return Invalid(field, "password.too_short", "min", strconv.Itoa(PasswordMinLen))
	case n > PasswordMaxLen:
		return Invalid(field, "password.too_long", "max", strconv.Itoa(PasswordMaxLen))
	case strings.TrimFunc(pw, unicode.IsSpace) == "":
		return Invalid(field, "password.blank")
	}
	lower := strings.ToLower(pw)
	if commonPasswords[lower] || commonPasswords[strings.TrimSpace(lower)] {
		return Invalid(field, "password.common")
	}
	local := strings.TrimSpace(email)
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	if utf8.RuneCountInString(local) >= 4 && strings.Contains(lower, strings.ToLower(local)) {
		return Invalid(field, "password.contains_email")
	}
	return nil
}
