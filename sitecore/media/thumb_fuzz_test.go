package media

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

// FuzzDecodeImage feeds the thumbnail path the bytes of an uploaded image: whatever they
// are, decoding either fails with an error (the item then has no thumbnail) or gives an
// image whose thumbnail is made without error, fits the box and decodes again.
func FuzzDecodeImage(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 7, 3))
	img.Set(1, 1, color.NRGBA{200, 10, 10, 128})
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	f.Add(bytes.Clone(b.Bytes()))
	b.Reset()
	_ = jpeg.Encode(&b, img, nil)
	f.Add(bytes.Clone(b.Bytes()))
	b.Reset()
	_ = gif.Encode(&b, img, nil)
	f.Add(bytes.Clone(b.Bytes()))
	// A 1×1 lossless WebP, and headers claiming huge or empty images.
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	f.Add(webp)
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x00\x00\x00\x01\x00\x00\x08\x02\x00\x00\x00"))
	f.Add([]byte("GIF89a\xff\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x00\x00\x01\x00\x00\x02\x00;"))
	f.Add([]byte("\xff\xd8\xff\xc0\x00\x11\x08\x00\x00\x00\x00\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, cfg, err := decodeImage(bytes.NewReader(data))
		if err != nil || src == nil {
			if src != nil {
				t.Fatal("an image with an error")
			}
			return
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
			t.Fatalf("decoded an image of %d×%d", cfg.Width, cfg.Height)
		}
		thumb, ctype, err := Thumbnail(src)
		if err != nil {
			t.Fatalf("Thumbnail of a %v image: %v", src.Bounds(), err)
		}
		tc, format, err := image.DecodeConfig(bytes.NewReader(thumb))
		if err != nil || "image/"+format != ctype || tc.Width < 1 || tc.Height < 1 || tc.Width > ThumbBox || tc.Height > ThumbBox {
			t.Fatalf("thumbnail of a %v image: %s %d×%d %v", src.Bounds(), ctype, tc.Width, tc.Height, err)
		}
	})
}
