package media

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

func TestThumbnail(t *testing.T) {
	opaque := func(w, h int) image.Image {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		return img
	}
	clear := image.NewNRGBA(image.Rect(0, 0, 1000, 10))
	clear.Set(0, 0, color.NRGBA{255, 0, 0, 128})
	tests := []struct {
		name        string
		src         image.Image
		w, h        int
		contentType string
	}{
		{"landscape", opaque(1200, 600), 480, 240, "image/jpeg"},
		{"portrait", opaque(300, 3000), 48, 480, "image/jpeg"},
		{"small stays", opaque(100, 50), 100, 50, "image/jpeg"},
		{"a sliver keeps a pixel", opaque(10000, 5), 480, 1, "image/jpeg"},
		{"transparency is PNG", clear, 480, 4, "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, ct, err := Thumbnail(tt.src)
			if err != nil || ct != tt.contentType {
				t.Fatalf("Thumbnail: %q %v", ct, err)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || cfg.Width != tt.w || cfg.Height != tt.h || "image/"+format != ct {
				t.Errorf("thumbnail %dx%d %s (%v), want %dx%d", cfg.Width, cfg.Height, format, err, tt.w, tt.h)
			}
		})
	}
}

// cappedBuffer keeps a stream up to its limit and nothing once it is exceeded, and never
// fails the write (it tees an upload).
func TestCappedBuffer(t *testing.T) {
	b := &cappedBuffer{max: 10}
	for _, p := range []string{"abc", "defg", "hij"} {
		if n, err := b.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	if got := string(b.Bytes()); got != "abcdefghij" {
		t.Fatalf("at the limit: %q", got)
	}
	if n, err := b.Write([]byte("k")); n != 1 || err != nil || b.Bytes() != nil {
		t.Fatalf("past the limit: %d, %v, kept %q", n, err, b.Bytes())
	}
	if n, _ := b.Write([]byte("l")); n != 1 || b.Bytes() != nil {
		t.Fatal("kept bytes again after the limit")
	}
	var none *cappedBuffer
	if none.Bytes() != nil {
		t.Fatal("nil buffer")
	}
}
