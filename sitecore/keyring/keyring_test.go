package keyring

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpenAndRotate(t *testing.T) {
	k1 := Generate("k1")
	old, err := Parse(k1)
	if err != nil {
		t.Fatal(err)
	}
	id, sealed := old.Seal([]byte("Айгүл Серікқызы"), []byte("ctx"))
	if id != "k1" || bytes.Contains(sealed, []byte("Айгүл")) {
		t.Fatalf("sealed %q with %s", sealed, id)
	}
	// Rotation: a new first key seals, the old one still opens what it sealed.
	rotated, err := Parse(Generate("k2") + k1)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Current() != "k2" {
		t.Fatalf("current %s", rotated.Current())
	}
	got, err := rotated.Open(id, sealed, []byte("ctx"))
	if err != nil || string(got) != "Айгүл Серікқызы" {
		t.Fatalf("open after rotation: %q %v", got, err)
	}
	if _, err := rotated.Open(id, sealed, []byte("other")); err == nil {
		t.Fatal("opened with another context")
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := rotated.Open(id, sealed, []byte("ctx")); err == nil {
		t.Fatal("opened a tampered value")
	}
	fresh, _ := Parse(Generate("k3"))
	if _, err := fresh.Open(id, sealed, []byte("ctx")); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	for _, text := range []string{"", "# only a comment", "k1", "k1:notbase64!", "k1:AAAA", "a b:" + strings.Repeat("A", 44),
		Generate("k1") + Generate("k1")} {
		if _, err := Parse(text); err == nil {
			t.Errorf("Parse(%q) accepted", text)
		}
	}
}

func TestLoadOrCreateKeepsTheKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys")
	a, err := LoadOrCreate(file)
	if err != nil {
		t.Fatal(err)
	}
	id, sealed := a.Seal([]byte("x"), nil)
	b, err := LoadOrCreate(file)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Open(id, sealed, nil); err != nil || string(got) != "x" {
		t.Fatalf("second load: %q %v", got, err)
	}
}

func TestSealerAcrossRotation(t *testing.T) {
	k1 := Generate("k1")
	old, _ := Parse(k1)
	v, _ := Sealer{old}.Seal([]byte("survey key"), []byte("survey/7"))
	rotated, _ := Parse(Generate("k2") + k1)
	got, err := Sealer{rotated}.Open(v, []byte("survey/7"))
	if err != nil || string(got) != "survey key" {
		t.Fatalf("open after rotation: %q %v", got, err)
	}
	if _, err := (Sealer{rotated}).Open(v, []byte("survey/8")); err == nil {
		t.Fatal("opened with another survey's context")
	}
	if _, err := (Sealer{rotated}).Open([]byte{9, 'x'}, nil); err == nil {
		t.Fatal("opened a truncated value")
	}
}
