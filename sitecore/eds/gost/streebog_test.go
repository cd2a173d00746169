package gost

import (
	"bytes"
	"encoding/hex"
	"testing"
)

func TestStreebogVectors(t *testing.T) {
	v := loadVectors(t)
	for _, name := range []string{"RFC6986-M1", "RFC6986-M2"} {
		sec := v[name]
		msg := unhex(t, sec["message_bytes"])
		if got, want := Streebog512(msg), unhex(t, sec["digest512_bytes"]); !bytes.Equal(got, want) {
			t.Errorf("%s Streebog-512 = %x, want %x", name, got, want)
		}
		if got, want := Streebog256(msg), unhex(t, sec["digest256_bytes"]); !bytes.Equal(got, want) {
			t.Errorf("%s Streebog-256 = %x, want %x", name, got, want)
		}
		// The printed forms of the RFC are the same values byte-reversed.
		if got, want := Reverse(Streebog512(msg)), unhex(t, sec["printed_H512"]); !bytes.Equal(got, want) {
			t.Errorf("%s printed H512 = %x, want %x", name, got, want)
		}
	}
	kz := v["KZ-derived Streebog-512, computed here, matches messageDigest inside cms_*_test123.p7s"]
	if got, want := Streebog512([]byte("test123")), unhex(t, kz["digest512_bytes"]); !bytes.Equal(got, want) {
		t.Errorf("Streebog-512(test123) = %x, want %x", got, want)
	}
}

// TestStreebogStreaming feeds messages around the block size in every split, since the
// compression of a full last block and the padding are where implementations go wrong.
func TestStreebogStreaming(t *testing.T) {
	data := make([]byte, 200)
	for i := range data {
		data[i] = byte(i*7 + 3)
	}
	for _, n := range []int{0, 1, 63, 64, 65, 127, 128, 129, 200} {
		want := Streebog512(data[:n])
		for split := 0; split <= n; split += 13 {
			h := NewStreebog512()
			h.Write(data[:split])
			h.Write(data[split:n])
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("len %d split %d: %x, want %x", n, split, got, want)
			}
		}
		h := NewStreebog512()
		h.Write(data[:n])
		h.Sum(nil)
		h.Write(nil)
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Fatalf("len %d: Sum changed the state", n)
		}
	}
	h := NewStreebog256()
	h.Write([]byte("x"))
	h.Reset()
	if got, want := h.Sum(nil), Streebog256(nil); !bytes.Equal(got, want) {
		t.Errorf("Reset: %x, want %x", got, want)
	}
	if len(Streebog256(data)) != Size256 || NewStreebog256().Size() != Size256 || NewStreebog512().BlockSize() != BlockSize {
		t.Error("sizes")
	}
	// A message of one full block must differ from the same block padded, and from the
	// empty message: both go through the last-block path.
	if bytes.Equal(Streebog512(data[:64]), Streebog512(data[:63])) {
		t.Error("63 and 64 bytes hash the same")
	}
	if hex.EncodeToString(Streebog512(nil)) == hex.EncodeToString(Streebog256(nil)) {
		t.Error("256 and 512 agree")
	}
}

func BenchmarkStreebog512(b *testing.B) {
	data := make([]byte, 1024)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Streebog512(data)
	}
}
