package sitecore

import (
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// fastParams keep tests quick; they differ from the defaults, so their hashes need a rehash.
var fastParams = PasswordParams{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashPasswordFormat(t *testing.T) {
	const pw = "дұрыс құпиясөз 2025"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$`)
	m := re.FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("hash %q is not a PHC argon2id string with the default parameters", h)
	}
	salt, err := base64.RawStdEncoding.DecodeString(m[1])
	if err != nil || len(salt) != 16 {
		t.Errorf("salt %q: %d bytes, %v; want 16", m[1], len(salt), err)
	}
	key, err := base64.RawStdEncoding.DecodeString(m[2])
	if err != nil || len(key) != 32 {
		t.Errorf("hash %q: %d bytes, %v; want 32", m[2], len(key), err)
	}
	if strings.Contains(h, "=$") || strings.HasSuffix(h, "=") {
		t.Errorf("hash %q has base64 padding", h)
	}
	if ok, rehash := CheckPassword(h, pw); !ok || rehash {
		t.Errorf("CheckPassword(own hash) = %v, %v; want true, false", ok, rehash)
	}

	h2, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of the same password are equal: the salt is not random")
	}
}

// TestPasswordKnownAnswer verifies hashes made by the Argon2 reference implementation
// (phc-winner-argon2, src/test.c: password "password", salt "somesalt"), so that the PHC
// parsing and the parameters passed to argon2 match other implementations, not just our own
// encoder.
func TestPasswordKnownAnswer(t *testing.T) {
	vectors := []string{
		"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
	}
	for _, v := range vectors {
		if ok, rehash := CheckPassword(v, "password"); !ok || !rehash {
			t.Errorf("CheckPassword(%q, password) = %v, %v; want true, true", v, ok, rehash)
		}
		if ok, _ := CheckPassword(v, "passwore"); ok {
			t.Errorf("CheckPassword(%q) accepts a wrong password", v)
		}
	}
	// The same string with argon2i must not verify: the variant is part of the hash.
	if ok, _ := CheckPassword(strings.Replace(vectors[0], "argon2id", "argon2i", 1), "password"); ok {
		t.Error("an argon2i string verified")
	}

	h, err := HashPasswordWith(fastParams, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q does not carry the given parameters", h)
	}
	p, salt, key, err := parsePasswordHash(h)
	if err != nil {
		t.Fatal(err)
	}
	if p != fastParams || len(salt) != 16 || len(key) != 32 {
		t.Errorf("parsed params %+v (salt %d, key %d bytes), want %+v", p, len(salt), len(key), fastParams)
	}
}

func TestCheckPassword(t *testing.T) {
	const pw = "Мектеп-2025-пароль"
	fast, err := HashPasswordWith(fastParams, pw)
	if err != nil {
		t.Fatal(err)
	}
	def, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	moreThreads, err := HashPasswordWith(PasswordParams{Time: 1, MemoryKiB: 64, Threads: 2, KeyLen: 32, SaltLen: 16}, pw)
	if err != nil {
		t.Fatal(err)
	}
	longerSalt, err := HashPasswordWith(PasswordParams{Time: 2, MemoryKiB: 19456, Threads: 1, KeyLen: 32, SaltLen: 32}, pw)
	if err != nil {
		t.Fatal(err)
	}
	shorterKey, err := HashPasswordWith(PasswordParams{Time: 2, MemoryKiB: 19456, Threads: 1, KeyLen: 16, SaltLen: 16}, pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(fast, "$") // "", argon2id, v=19, m=64,t=1,p=1, salt, hash
	with := func(i int, v string) string {
		c := append([]string(nil), parts...)
		c[i] = v
		return strings.Join(c, "$")
	}
	// A different key of the right length, to prove the comparison looks at every byte.
	key, _ := base64.RawStdEncoding.DecodeString(parts[5])
	key[len(key)-1] ^= 1
	flipped := with(5, base64.RawStdEncoding.EncodeToString(key))

	tests := []struct {
		name       string
		encoded    string
		pw         string
		ok, rehash bool
	}{
		{"default params", def, pw, true, false},
		{"default params, wrong password", def, pw + "x", false, false},
		{"default params, case differs", def, strings.ToUpper(pw), false, false},
		{"cheaper params need rehash", fast, pw, true, true},
		{"cheaper params, wrong password", fast, "wrong password!", false, false},
		{"other thread count needs rehash", moreThreads, pw, true, true},
		{"longer salt needs rehash", longerSalt, pw, true, true},
		{"shorter key needs rehash", shorterKey, pw, true, true},
		{"empty password against hash", fast, "", false, false},
		{"last key bit flipped", flipped, pw, false, false},
		{"empty hash", "", pw, false, false},
		{"garbage", "not a hash", pw, false, false},
		{"argon2i", with(1, "argon2i"), pw, false, false},
		{"argon2d", with(1, "argon2d"), pw, false, false},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", pw, false, false},
		{"old version 16", with(2, "v=16"), pw, false, false},
		{"missing version", strings.Replace(fast, "$v=19", "", 1), pw, false, false},
		{"params reordered", with(3, "t=1,m=64,p=1"), pw, false, false},
		{"params missing", with(3, "m=64,t=1"), pw, false, false},
		{"extra param", with(3, "m=64,t=1,p=1,keyid=x"), pw, false, false},
		{"leading zero", with(3, "m=064,t=1,p=1"), pw, false, false},
		{"negative", with(3, "m=64,t=-1,p=1"), pw, false, false},
		{"time zero", with(3, "m=64,t=0,p=1"), pw, false, false},
		{"threads zero", with(3, "m=64,t=1,p=0"), pw, false, false},
		{"threads over 255", with(3, "m=64,t=1,p=256"), pw, false, false},
		{"memory too large", with(3, "m=4194304,t=1,p=1"), pw, false, false},
		{"memory overflows uint32", with(3, "m=4294967296,t=1,p=1"), pw, false, false},
		{"time too large", with(3, "m=64,t=1000000,p=1"), pw, false, false},
		{"padded salt", with(4, parts[4]+"=="), pw, false, false},
		{"bad base64 salt", with(4, "!!!!"), pw, false, false},
		{"salt too short", with(4, "AAAA"), pw, false, false},
		{"key too short", with(5, "AAAAAAAA"), pw, false, false},
		{"empty key", with(5, ""), pw, false, false},
		{"truncated", fast[:len(fast)-4], pw, false, false},
		{"trailing segment", fast + "$x", pw, false, false},
		{"no leading dollar", fast[1:], pw, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash := CheckPassword(tt.encoded, tt.pw)
			if ok != tt.ok || rehash != tt.rehash {
				t.Errorf("CheckPassword(%q) = %v, %v; want %v, %v", tt.encoded, ok, rehash, tt.ok, tt.rehash)
			}
		})
	}
}

func TestHashPasswordWithBadParams(t *testing.T) {
	tests := []struct {
		name string
		p    PasswordParams
	}{
		{"zero", PasswordParams{}},
		{"time 0", PasswordParams{Time: 0, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 16}},
		{"threads 0", PasswordParams{Time: 1, MemoryKiB: 64, Threads: 0, KeyLen: 32, SaltLen: 16}},
		{"memory below 8 per thread", PasswordParams{Time: 1, MemoryKiB: 15, Threads: 2, KeyLen: 32, SaltLen: 16}},
		{"memory too large", PasswordParams{Time: 1, MemoryKiB: 1<<20 + 1, Threads: 1, KeyLen: 32, SaltLen: 16}},
		{"key too short", PasswordParams{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 8, SaltLen: 16}},
		{"salt too short", PasswordParams{Time: 1, MemoryKiB: 64, Threads: 1, KeyLen: 32, SaltLen: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := HashPasswordWith(tt.p, "whatever password")
			if err == nil {
				t.Fatalf("HashPasswordWith(%+v) = %q, want an error", tt.p, h)
			}
			if h != "" || ErrorCode(err) != EInternal {
				t.Errorf("got %q, %v (code %q); want an internal error", h, err, ErrorCode(err))
			}
		})
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name, pw, email, key string
	}{
		{"good", "тау-бұлақ-7-жаңбыр", "aigerim@school.kz", ""},
		{"exactly 10 ASCII", "abcdefgh12", "a@b.kz", ""},
		{"10 Kazakh letters (20 bytes)", "әғқңөұүһіә", "", ""},
		{"9 Kazakh letters", "әғқңөұүһі", "", "password.too_short"},
		{"9 characters", "abcdefg12", "", "password.too_short"},
		{"empty", "", "", "password.too_short"},
		{"128 characters", strings.Repeat("ж", 128), "", ""},
		{"129 characters", strings.Repeat("ж", 129), "", "password.too_long"},
		{"129 ASCII", strings.Repeat("x", 129), "", "password.too_long"},
		{"spaces only", strings.Repeat(" ", 12), "", "password.blank"},
		{"mixed whitespace only", " \t\n\u00a0\u3000 \t\n  ", "", "password.blank"},
		{"spaces inside are fine", "my long pass phrase", "", ""},
		{"common", "password123", "", "password.common"},
		{"common, upper case", "PASSWORD123", "", "password.common"},
		{"common digits", "1234567890", "", "password.common"},
		{"common Russian keyboard", "йцукен12345", "", "password.common"},
		{"common Russian keyboard, upper case", "ЙЦУКЕН12345", "", "password.common"},
		{"common transliterated", "parol12345", "", "password.common"},
		{"common Kazakh", "Қазақстан123", "", "password.common"},
		{"common with surrounding spaces", "  qwerty12345 ", "", "password.common"},
		{"common as part is fine", "qwerty12345-мен-тау", "", ""},
		{"email local part", "aigerim2025!", "aigerim@school.kz", "password.contains_email"},
		{"email local part, other case", "xxAIGERIMxx", "Aigerim@School.kz", "password.contains_email"},
		{"Cyrillic local part", "мой-айгерим-пароль", "Айгерим@мектеп.қаз", "password.contains_email"},
		{"local part of 3 is allowed", "bob-the-builder", "bob@school.kz", ""},
		{"local part of 4", "anna-the-builder", "anna@school.kz", "password.contains_email"},
		{"domain is not checked", "school.kz-is-nice", "anna@school.kz", ""},
		{"no email", "aigerim2025!", "", ""},
		{"quoted local part with @", "x-a@b-long-pass", "\"a@b\"@school.kz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidatePassword("password", tt.pw, tt.email)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("ValidatePassword(%q, %q) = %v, want nil", tt.pw, tt.email, err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ValidatePassword(%q, %q) = %v, want *Error %s", tt.pw, tt.email, err, tt.key)
			}
			if e.Code != EInvalid || e.Key != tt.key || e.Field != "password" {
				t.Errorf("error = %q %q field %q, want invalid %q field password", e.Code, e.Key, e.Field, tt.key)
			}
			switch tt.key {
			case "password.too_short":
				if e.Args["min"] != "10" {
					t.Errorf("min = %q", e.Args["min"])
				}
			case "password.too_long":
				if e.Args["max"] != "128" {
					t.Errorf("max = %q", e.Args["max"])
				}
			}
			msg := Message(English, e.Key, map[string]string{"field": e.Field, "min": e.Args["min"], "max": e.Args["max"]})
			if strings.Contains(msg, "{") || !strings.Contains(msg, "“password”") {
				t.Errorf("message %q has unfilled placeholders or lacks the field", msg)
			}
		})
	}
}

// TestCommonPasswordList keeps the list useful: lower-case (the lookup lower-cases input) and
// long enough to pass the length check (shorter entries could never match).
func TestCommonPasswordList(t *testing.T) {
	if len(commonPasswords) < 30 {
		t.Errorf("%d common passwords, want at least 30", len(commonPasswords))
	}
	cyrillic := 0
	for pw := range commonPasswords {
		if strings.ToLower(pw) != pw {
			t.Errorf("%q is not lower-case and can never match", pw)
		}
		if n := utf8.RuneCountInString(pw); n < PasswordMinLen || n > PasswordMaxLen {
			t.Errorf("%q has %d characters; the length check already decides it", pw, n)
		}
		if strings.ContainsAny(pw, "йцукенгшщзфывапролджэячсмитьбюқңғүұөһәі") {
			cyrillic++
		}
		if err := ValidatePassword("password", pw, ""); err == nil || err.(*Error).Key != "password.common" {
			t.Errorf("ValidatePassword(%q) = %v, want password.common", pw, err)
		}
	}
	if cyrillic < 5 {
		t.Errorf("only %d Cyrillic-keyboard entries", cyrillic)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("бенчмарк-құпиясөз-42"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	h, err := HashPassword("бенчмарк-құпиясөз-42")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _ := CheckPassword(h, "бенчмарк-құпиясөз-42"); !ok {
			b.Fatal("password does not match")
		}
	}
}
